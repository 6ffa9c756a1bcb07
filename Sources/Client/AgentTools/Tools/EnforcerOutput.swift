import AgentPolicy
import Gateway

/// A host's server-side enforcer as `list_hosts` reports it.
struct EnforcerOutput: StructuredOutput {
    let status: EnforcerStatus
    let summary: String
    /// Set when the server's mode stops less than this client's.
    let weakness: String?

    init(_ status: EnforcerStatus, clientMode: PolicyMode) {
        self.status = status
        summary = status.summary(clientMode: clientMode)
        weakness = status.weakness(clientMode: clientMode)
    }

    var structured: ToolValue {
        var fields: [String: ToolValue] = ["summary": .string(summary)]
        switch status {
        case .present(let reply):
            fields["state"] = .string("present")
            fields["version"] = .string(reply.version)
            fields["mode"] = .string(reply.mode.rawValue)
            fields["policy_digest"] = .string(reply.policyDigest)
            fields["signed_approvals"] = .bool(reply.signedApprovals)
        case .absent:
            fields["state"] = .string("absent")
        case .unknown(let why):
            fields["state"] = .string("unknown")
            fields["detail"] = .string(why)
        }
        fields.set("weaker_than_client", weakness.map(ToolValue.string))
        return .object(fields)
    }

    static let schema: ToolValue = [
        "type": "object",
        "description":
            "The server-side enforcer, from a probe: present (it re-checks every command), absent, or unknown (not reachable).",
        "properties": [
            "state": ["type": "string", "enum": ["present", "absent", "unknown"]],
            "summary": OutputSchema.string, "version": OutputSchema.string, "mode": OutputSchema.mode,
            "policy_digest": OutputSchema.string, "signed_approvals": OutputSchema.boolean,
            "detail": OutputSchema.string, "weaker_than_client": OutputSchema.string,
        ],
        "required": ["state", "summary"],
    ]
}
