import AgentPolicy

extension Verdict {
    /// `check --explain` (client CLI and enforcer): the report, then every reason with its rule id,
    /// its decision, where the rule comes from (the built-in catalogue with its summary, or the
    /// policy's `rules`) and whether it is one that decided.
    public func explanation(mode: PolicyMode) -> String {
        var lines = [report(mode: mode), "explain:"]
        if reasons.isEmpty {
            lines.append("  no rule objected: \(decision.rawValue) (mode \(mode.rawValue))")
        }
        for reason in reasons {
            let role = reason.decision == decision ? "decided" : "also"
            lines.append("  \(role): \(reason.rule) (\(reason.decision.rawValue), \(Self.origin(of: reason)))")
            lines.append("    why: \(reason.message)")
        }
        return lines.joined(separator: "\n")
    }

    private static func origin(of reason: Reason) -> String {
        if reason.isAdminRule { return "an administrator's rule from the policy's rules" }
        if let rule = reason.ruleID { return "built-in: \(rule.summary)" }
        return "unknown rule"
    }
}
