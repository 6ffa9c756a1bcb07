import AgentPolicy

/// The settings of a `policy` block that both ends apply: the engine's (mode and lists) and the
/// limits on a command (output cap, default timeout). hosts.json's `policy` blocks and the
/// enforcer's policy file are both read by `PolicyBlock.read`, so a value valid on one end is
/// valid on the other, with the same message when it is not.
public struct PolicySettings: Sendable, Equatable {
    public var engine: PolicyConfig
    /// Cap per output stream, in bytes; bounds memory and disk while a command floods.
    public var maxOutputBytes: Int
    /// Seconds a command may run when the caller gives no timeout.
    public var defaultTimeoutSeconds: Double

    public static let defaultMaxOutputBytes = 1 << 20
    public static let defaultTimeoutSeconds: Double = 60

    public init(
        engine: PolicyConfig = PolicyConfig(),
        maxOutputBytes: Int = PolicySettings.defaultMaxOutputBytes,
        defaultTimeoutSeconds: Double = PolicySettings.defaultTimeoutSeconds
    ) {
        self.engine = engine
        self.maxOutputBytes = maxOutputBytes
        self.defaultTimeoutSeconds = defaultTimeoutSeconds
    }
}

public enum PolicyBlock {
    /// The keys `read` understands. Each end adds its own (the client `confirmation`; the enforcer
    /// `audit`, `approval_key_file`, `sftp_server`) and decides what an unknown key means: hosts.json
    /// keeps it for a newer version, the enforcer refuses it (a typo must not weaken a server).
    public static let sharedKeys: Set<String> = [
        "mode", "extra_denylist", "extra_readonly_allow", "max_output_bytes", "default_timeout", "rules",
    ]

    /// Reads the shared keys of `block` on top of `base`: a key that is absent keeps `base`'s value,
    /// so a host's block overrides only what it sets. `prefix` names the block in errors.
    public static func read(_ block: JSONValue, over base: PolicySettings, prefix: String = "policy.")
        throws(JSONFieldError) -> PolicySettings
    {
        guard case .object = block else {
            throw JSONFieldError(field: String(prefix.dropLast()), problem: "expected an object, got \(block.typeName)")
        }
        let fields = JSONFieldReader(block, prefix: prefix)
        var result = base
        if let mode = try fields.string("mode") {
            guard let parsed = PolicyMode(rawValue: mode) else {
                throw fields.error(
                    "mode", "unknown mode \"\(mode)\"; use one of \(PolicyMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result.engine.mode = parsed
        }
        if let list = try fields.stringArray("extra_denylist") { result.engine.extraDenylist = list }
        if let list = try fields.stringArray("extra_readonly_allow") { result.engine.extraReadonlyAllow = list }
        if let rules = try AdminRulesReader.read(fields, key: "rules") { result.engine.adminRules = rules }
        if let bytes = try fields.integer("max_output_bytes") {
            guard bytes > 0 else { throw fields.error("max_output_bytes", "must be positive (got \(bytes))") }
            result.maxOutputBytes = bytes
        }
        if let seconds = try fields.number("default_timeout") {
            guard seconds > 0 else { throw fields.error("default_timeout", "must be a positive number of seconds") }
            // A year: longer is a typo, and the client turns seconds into Int64 milliseconds.
            guard seconds <= 31_536_000 else {
                throw fields.error("default_timeout", "must be at most 31536000 seconds (a year), got \(seconds)")
            }
            result.defaultTimeoutSeconds = seconds
        }
        return result
    }
}
