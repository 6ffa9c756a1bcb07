import AgentPolicy

/// Judges a git, rsync or scp transfer by what it does, with the policy's own notions: a read is
/// judged as `cat` of the named path would be (a secret needs approval, in every mode), a write
/// as `cp` into it would be (a guardrail file stays blocked), and a write also needs a human's
/// approval in guarded and cautious mode and is refused in readonly.
enum TransferJudgement {
    static func verdict(_ transfer: ServerRequest.Transfer, engine: PolicyEngine) -> Verdict {
        var verdicts = transfer.paths.map { path in
            engine.evaluate(
                transfer.access == .read
                    ? "cat -- " + StrictWords.shellWord(path)
                    : "cp -R -- /dev/stdin " + StrictWords.shellWord(path))
        }
        if transfer.access == .write, let reason = writeReason(transfer, mode: engine.config.mode) {
            verdicts.append(Verdict(decision: reason.decision, segments: [], reasons: [reason]))
        }
        return combine(verdicts)
    }

    private static func writeReason(_ transfer: ServerRequest.Transfer, mode: PolicyMode) -> Reason? {
        let target = transfer.paths.joined(separator: " ")
        switch mode {
        case .readonly:
            return EnforcerRule.remoteWrite.reason("\(transfer.action) writes into \(target); readonly mode allows no writes")
        case .cautious, .guarded:
            return EnforcerRule.remoteWrite.reason("\(transfer.action) writes into \(target)", .needsConfirmation)
        case .unrestricted:
            return nil
        }
    }

    /// The strictest verdict wins; every reason is kept.
    static func combine(_ verdicts: [Verdict]) -> Verdict {
        Verdict(
            decision: verdicts.map(\.decision).max() ?? .allow,
            segments: verdicts.flatMap(\.segments), reasons: verdicts.flatMap(\.reasons))
    }
}
