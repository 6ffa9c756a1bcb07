import AgentContracts
import AgentPolicy

/// What the client knows of a host's server-side enforcer, from its probe.
public enum EnforcerStatus: Sendable, Equatable {
    /// An enforcer answered the probe.
    case present(ProbeReply)
    /// The probe ran and nothing answered it: commands run without a server-side check.
    case absent
    /// The probe could not run (host unreachable, timed out); why, in words.
    case unknown(String)

    /// For `list_hosts` and `hosts`: "enforcer: v0.1.0, mode guarded", "no enforcer", …, with a
    /// warning when the server's mode is weaker than the one this client applies.
    public func summary(clientMode: PolicyMode) -> String {
        switch self {
        case .present(let reply):
            var text = "enforcer: v\(reply.version), mode \(reply.mode.rawValue)"
            if reply.signedApprovals { text += ", signed approvals" }
            if let warning = weakness(clientMode: clientMode) { text += " (\(warning))" }
            return text
        case .absent:
            return "no enforcer"
        case .unknown(let why):
            return "enforcer: unknown (\(why))"
        }
    }

    /// Set when the server would let through what this client's mode stops: the server's check is
    /// then no second line of defence for those commands.
    public func weakness(clientMode: PolicyMode) -> String? {
        guard case .present(let reply) = self, reply.mode.strictness < clientMode.strictness else { return nil }
        return "weaker than this client's \(clientMode.rawValue)"
    }
}

extension PolicyMode {
    /// readonly > cautious > guarded > unrestricted: how much a mode stops.
    public var strictness: Int {
        switch self {
        case .readonly: 3
        case .cautious: 2
        case .guarded: 1
        case .unrestricted: 0
        }
    }
}

extension EnforcerStatus: Encodable {
    private enum CodingKeys: String, CodingKey {
        case state, version, mode, policyDigest, signedApprovals, detail
    }

    /// `{"state": "present", "version": …, "mode": …}`, `{"state": "absent"}` or
    /// `{"state": "unknown", "detail": why}` (keys turned to snake_case by the caller's encoder).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .present(let reply):
            try container.encode("present", forKey: .state)
            try container.encode(reply.version, forKey: .version)
            try container.encode(reply.mode, forKey: .mode)
            try container.encode(reply.policyDigest, forKey: .policyDigest)
            try container.encode(reply.signedApprovals, forKey: .signedApprovals)
        case .absent:
            try container.encode("absent", forKey: .state)
        case .unknown(let why):
            try container.encode("unknown", forKey: .state)
            try container.encode(why, forKey: .detail)
        }
    }
}
