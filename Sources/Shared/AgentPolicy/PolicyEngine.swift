/// The policy: a pure function of (command, configuration). Parse, see through wrappers, apply the
/// rules of the mode, and let the strictest finding decide.
///
/// This is a safety net, not a sandbox: string inspection can be evaded by a determined caller
/// (writing a script and running it, for instance). The trust boundary is an unprivileged account,
/// OS permissions and the server-side enforcer.
public struct PolicyEngine: Sendable {
    public let config: PolicyConfig

    public init(config: PolicyConfig = PolicyConfig()) {
        self.config = config
    }

    /// When code the engine could read holds a danger that blocks, the reason shown is that danger:
    /// "runs inline code" is for code it cannot read, and would only bury the real reason.
    static func shown(_ reasons: [Reason]) -> [Reason] {
        guard reasons.contains(where: { $0.decision == .block }) else { return reasons }
        let unreadable: NameSet = [RuleID.interpreterInlineCode.rawValue, RuleID.interpreterStdinCode.rawValue]
        return reasons.filter { !unreadable.contains($0.rule) || $0.decision == .block }
    }

    public func evaluate(_ command: String) -> Verdict {
        if command.utf8.contains(0) {
            return Verdict(
                decision: .block, segments: [],
                reasons: [
                    Reason(
                        rule: RuleID.parseUnparseable.rawValue, message: "cannot be parsed: the command contains a NUL byte",
                        decision: .block)
                ])
        }
        switch ShellParser.parse(command) {
        case .failure(let failure):
            return Verdict(
                decision: .block, segments: [],
                reasons: [
                    Reason(
                        rule: RuleID.parseUnparseable.rawValue, message: "cannot be parsed: \(failure.message)", decision: .block)
                ])
        case .success(let script):
            var evaluator = Evaluator(config: config)
            evaluator.evaluate(script, depth: 0)
            if config.mode == .unrestricted {
                // Only what cannot be parsed, and the administrator's own rules, count here.
                let kept = evaluator.reasons.filter { $0.rule == RuleID.parseUnparseable.rawValue || $0.isAdminRule }
                return Verdict(
                    decision: kept.map(\.decision).max() ?? .allow, segments: evaluator.segments, reasons: kept)
            }
            return Verdict(decision: evaluator.decision, segments: evaluator.segments, reasons: Self.shown(evaluator.reasons))
        }
    }
}
