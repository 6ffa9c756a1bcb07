import AgentContracts
import AgentPolicy

/// The enforcer's policy file: hosts.json's `policy` keys (read by the shared `PolicyBlock`, so
/// both ends accept the same values) plus what only the server needs. Unknown keys are refused
/// by name: a typo must not weaken a server.
public struct EnforcerPolicy: Sendable, Equatable {
    /// Where the decisions go. At least one sink; the default is syslog only.
    public struct AuditSinks: Sendable, Equatable {
        public var file: String?
        public var syslog: Bool

        public init(file: String? = nil, syslog: Bool = true) {
            self.file = file
            self.syslog = syslog
        }
    }

    public static let defaultPath = "/etc/ssh-for-agents/policy.json"
    public static let defaultStateDirectory = "/var/lib/ssh-for-agents/nonces"

    public static let serverKeys: Set<String> = [
        "audit", "approval_key_file", "sftp_server", "host_alias", "state_dir",
    ]
    static let auditKeys: Set<String> = ["file", "syslog"]

    public var settings: PolicySettings
    public var audit: AuditSinks
    /// With a key, only signed, unused, unexpired approvals count.
    public var approvalKeyFile: String?
    /// The sftp-server to exec; nil: the first of OpenSSH's usual places that exists.
    public var sftpServer: String?
    /// The name clients give this server in their hosts.json; signed approvals are bound to it.
    public var hostAlias: String
    /// Where used approval nonces are kept until they expire.
    public var stateDirectory: String
    /// The file as read, for `digest`.
    let fileBytes: [UInt8]

    /// Hex SHA-256 of the file's bytes (the probe's `policy_digest`). Computed when asked: only
    /// the probe needs it, and hashing on every command cost a tenth of the enforcer's run.
    public var digest: String { KeyFingerprint.hexDigest(of: fileBytes) }

    public var mode: PolicyMode { settings.engine.mode }

    /// Parses the file's bytes; `defaultHostAlias` stands in when `host_alias` is absent.
    public static func parse(_ bytes: [UInt8], defaultHostAlias: String) throws(PolicyFileError) -> EnforcerPolicy {
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch {
            throw .invalid("not valid JSON (\(error))")
        }
        guard case .object(let members) = root else { throw .invalid("expected a JSON object, got \(root.typeName)") }
        let unknown = Set(members.keys).subtracting(PolicyBlock.sharedKeys).subtracting(serverKeys).sorted()
        if !unknown.isEmpty {
            throw .invalid(
                "unknown key\(unknown.count == 1 ? "" : "s") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); "
                    + "known: \((PolicyBlock.sharedKeys.union(serverKeys)).sorted().joined(separator: ", "))")
        }
        do {
            let settings = try PolicyBlock.read(root, over: PolicySettings(), prefix: "")
            let fields = JSONFieldReader(root)
            return EnforcerPolicy(
                settings: settings,
                audit: try auditSinks(root["audit"]),
                approvalKeyFile: try absolutePath(fields, "approval_key_file"),
                sftpServer: try absolutePath(fields, "sftp_server"),
                hostAlias: try nonEmpty(fields, "host_alias") ?? defaultHostAlias,
                stateDirectory: try absolutePath(fields, "state_dir") ?? defaultStateDirectory,
                fileBytes: bytes)
        } catch let error as JSONFieldError {
            throw .invalid("\(error.field): \(error.problem)")
        } catch {
            throw .invalid("\(error)")
        }
    }

    private static func auditSinks(_ value: JSONValue?) throws(JSONFieldError) -> AuditSinks {
        guard let value, value != .null else { return AuditSinks() }
        guard case .object(let members) = value else {
            throw JSONFieldError(field: "audit", problem: "expected an object, got \(value.typeName)")
        }
        if let key = Set(members.keys).subtracting(auditKeys).sorted().first {
            throw JSONFieldError(field: "audit.\(key)", problem: "unknown key; known: file, syslog")
        }
        let fields = JSONFieldReader(value, prefix: "audit.")
        let sinks = AuditSinks(
            file: try absolutePath(fields, "file"), syslog: try fields.bool("syslog") ?? (members["file"] == nil))
        guard sinks.file != nil || sinks.syslog else {
            throw JSONFieldError(field: "audit", problem: "names no sink; set \"file\" or \"syslog\": true")
        }
        return sinks
    }

    private static func nonEmpty(_ fields: JSONFieldReader, _ key: String) throws(JSONFieldError) -> String? {
        guard let text = try fields.string(key) else { return nil }
        guard !text.isEmpty else { throw fields.error(key, "must not be empty") }
        return text
    }

    private static func absolutePath(_ fields: JSONFieldReader, _ key: String) throws(JSONFieldError) -> String? {
        guard let path = try nonEmpty(fields, key) else { return nil }
        guard path.hasPrefix("/") else { throw fields.error(key, "must be an absolute path (got \"\(path)\")") }
        return path
    }
}

/// Why the policy file cannot be used. Every one refuses every command (fail closed).
public enum PolicyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case unsafe(path: String, reason: String)
    case invalid(String)
    /// `invalid` with the file's path, for messages.
    case invalidFile(path: String, problem: String)

    public var description: String {
        switch self {
        case .missing(let path): "policy file \(path) does not exist"
        case .unreadable(let path, let reason): "policy file \(path) cannot be read: \(reason)"
        case .unsafe(let path, let reason): "policy file \(path) is unsafe: \(reason)"
        case .invalid(let problem): "policy file is invalid: \(problem)"
        case .invalidFile(let path, let problem): "policy file \(path) is invalid: \(problem)"
        }
    }
}
