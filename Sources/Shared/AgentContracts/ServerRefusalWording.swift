import AgentPolicy

/// A server-side refusal in words, the same in the CLI, the MCP tools and the demo: it must read
/// differently from a command that ran and failed.
public enum ServerRefusalWording {
    public static func sentence(_ refusal: EnforcerRefusal, host: String) -> String {
        var text = "refused by the server's policy on \(host)"
        if let mode = refusal.mode { text += " (enforcer mode \(mode.rawValue))" }
        text += "; not run: "
        text += refusal.reasons.isEmpty ? refusal.decision.rawValue : refusal.reasons.map(\.line).joined(separator: "; ")
        if !refusal.rules.isEmpty { text += " [\(refusal.rules.joined(separator: ", "))]" }
        if let hint = refusal.hint { text += ". " + hint }
        return text
    }
}
