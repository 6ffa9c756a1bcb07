import AgentPolicy

/// What an enforcer answers to `ReservedLine.probe`, as one JSON line on stdout. Without an
/// enforcer the probe prints nothing, which is how the client tells "no enforcer" apart.
public struct ProbeReply: Sendable, Equatable, Codable {
    /// Always "ssh-for-agents-enforcer", so stray output is not taken for a reply.
    public var enforcer: String
    public var version: String
    /// The highest reserved-line version the enforcer reads.
    public var reservedLineVersion: Int
    public var mode: PolicyMode
    /// Hex SHA-256 of the policy file's bytes: two servers with the same digest run the same policy.
    public var policyDigest: String
    /// Whether approvals must be signed (an approval key is configured).
    public var signedApprovals: Bool

    public static let enforcerName = "ssh-for-agents-enforcer"

    public init(
        version: String, mode: PolicyMode, policyDigest: String, signedApprovals: Bool,
        reservedLineVersion: Int = ReservedLine.currentVersion
    ) {
        enforcer = Self.enforcerName
        self.version = version
        self.reservedLineVersion = reservedLineVersion
        self.mode = mode
        self.policyDigest = policyDigest
        self.signedApprovals = signedApprovals
    }

    enum CodingKeys: String, CodingKey {
        case enforcer, version, mode
        case reservedLineVersion = "reserved_line_version"
        case policyDigest = "policy_digest"
        case signedApprovals = "signed_approvals"
    }

    public var jsonLine: String { json.compact() }

    public var json: OrderedJSON {
        .sortedObject([
            ("enforcer", .string(enforcer)), ("version", .string(version)),
            ("reserved_line_version", .integer(reservedLineVersion)), ("mode", .string(mode.rawValue)),
            ("policy_digest", .string(policyDigest)), ("signed_approvals", .bool(signedApprovals)),
        ])
    }

    /// The reply in a probe's stdout, or nil when there is none (no enforcer, or something else answered).
    public static func find(inStdout stdout: [UInt8]) -> ProbeReply? {
        let text = String(decoding: stdout, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("{") {
            if let reply = EnforcerJSON.decode(ProbeReply.self, from: line), reply.enforcer == enforcerName { return reply }
        }
        return nil
    }
}
