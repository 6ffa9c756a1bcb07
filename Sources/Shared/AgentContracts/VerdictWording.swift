import AgentPolicy

/// The one place that turns a verdict into words, so the CLI, the MCP tools, the confirmation
/// prompt, refusals and the audit trail all say the same thing about the same command.
extension Reason {
    /// "rm.recursive-system-path: recursive delete of /etc (a system or home directory)"
    public var line: String { "\(rule): \(message)" }
}

extension Verdict {
    /// The reasons that are not `allow`: what a human is shown before approving.
    public var concerns: [Reason] { reasons.filter { $0.decision != .allow } }

    /// The reasons that carry the verdict's own decision (for a block: the blocking ones only).
    public var deciding: [Reason] { reasons.filter { $0.decision == decision } }

    /// The deciding reasons on one line, or the bare decision when there are none.
    public var summary: String {
        let lines = deciding.map(\.line)
        return lines.isEmpty ? decision.rawValue : lines.joined(separator: "; ")
    }

    /// The rule ids behind the decision, in order, each once.
    public var decidingRules: [String] {
        var seen = Set<String>()
        return deciding.map(\.rule).filter { seen.insert($0).inserted }
    }

    /// The verdict as both `check` verbs print it (client CLI and enforcer): the decision and mode,
    /// each concern on its own line, then the commands the policy saw.
    public func report(mode: PolicyMode) -> String {
        var lines = ["\(decision.rawValue) (mode: \(mode.rawValue))"]
        lines += concerns.map { "  \($0.decision.rawValue): \($0.line)" }
        if !segments.isEmpty {
            lines.append(
                "  segments: " + segments.map { ([$0.program] + $0.arguments).joined(separator: " ") }.joined(separator: " | "))
        }
        return lines.joined(separator: "\n")
    }
}

extension Decision {
    /// The exit status both `check` verbs document: 0 allow, 10 needs_confirmation, 11 block.
    public var checkExitStatus: Int32 {
        switch self {
        case .allow: 0
        case .needsConfirmation: 10
        case .block: 11
        }
    }
}
