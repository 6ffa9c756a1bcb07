import AgentContracts
import AgentPolicy
import Foundation

/// Turns the bytes of a `hosts.json` into a validated `HostsConfig`. Every problem names the host
/// and field, so the user knows exactly what to fix.
public struct HostsConfigParser: Sendable {
    /// The file's path: used in messages and to resolve relative key and known_hosts paths.
    public let path: String
    public let homeDirectory: String

    public init(path: String, homeDirectory: String = NSHomeDirectory()) {
        self.path = path
        self.homeDirectory = homeDirectory
    }

    public func parse(_ data: Data) throws(HostConfigError) -> HostsConfig {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformedJSON(path: path, reason: Self.describe(error))
        }
        return try parse(document)
    }

    public func parse(_ document: JSONValue) throws(HostConfigError) -> HostsConfig {
        guard case .object = document else {
            throw .invalidField(path: path, host: nil, field: "(top level)",
                                problem: "expected an object with \"hosts\", got \(document.typeName)")
        }
        let globalPolicy = try policy(document["policy"], base: ClientPolicy(), host: nil)
        guard let hostsValue = document["hosts"] else {
            throw .invalidField(path: path, host: nil, field: "hosts",
                                problem: "missing; add \"hosts\": { \"alias\": { \"hostname\": …, \"username\": … } }")
        }
        guard case .object(let members) = hostsValue else {
            throw .invalidField(path: path, host: nil, field: "hosts",
                                problem: "expected an object of aliases, got \(hostsValue.typeName)")
        }
        var hosts: [String: HostEntry] = [:]
        for (alias, value) in members {
            hosts[alias] = try host(alias: alias, value, globalPolicy: globalPolicy)
        }
        return HostsConfig(hosts: hosts, policy: globalPolicy, path: path)
    }

    private func host(alias: String, _ value: JSONValue, globalPolicy: ClientPolicy) throws(HostConfigError) -> HostEntry {
        guard !alias.isEmpty, alias.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw .invalidField(path: path, host: alias, field: "(alias)",
                                problem: "aliases may use letters, digits, '-', '_' and '.' only")
        }
        guard case .object = value else {
            throw .invalidField(path: path, host: alias, field: "(entry)", problem: "expected an object, got \(value.typeName)")
        }
        let fields = HostFields(reader: JSONFieldReader(value), path: path, host: alias)
        guard let hostname = try fields.string("hostname"), !hostname.isEmpty else {
            throw .invalidField(path: path, host: alias, field: "hostname", problem: "required (a DNS name, IPv4 or IPv6 address)")
        }
        guard let username = try fields.string("username"), !username.isEmpty else {
            throw .invalidField(path: path, host: alias, field: "username", problem: "required (the remote account to log in as)")
        }
        let port = try fields.integer("port") ?? 22
        guard (1...65535).contains(port) else {
            throw .invalidField(path: path, host: alias, field: "port", problem: "must be between 1 and 65535 (got \(port))")
        }
        let passphraseEnv = try fields.string("passphrase_env")
        if let name = passphraseEnv, !Self.isEnvironmentVariableName(name) {
            throw .invalidField(path: path, host: alias, field: "passphrase_env",
                                problem: "must name an environment variable (letters, digits, '_'), not hold the passphrase itself")
        }
        let privateKey = try fields.string("private_key").map(resolvePath)
        if passphraseEnv != nil, privateKey == nil {
            throw .invalidField(path: path, host: alias, field: "passphrase_env",
                                problem: "set only together with \"private_key\"")
        }
        let approvalKeyEnv = try fields.string("approval_key_env")
        if let name = approvalKeyEnv, !Self.isEnvironmentVariableName(name) {
            throw .invalidField(path: path, host: alias, field: "approval_key_env",
                                problem: "must name an environment variable (letters, digits, '_'), not hold the key itself")
        }
        return HostEntry(
            alias: alias, hostname: hostname, username: username, port: port,
            privateKey: privateKey, passphraseEnv: passphraseEnv,
            knownHosts: try fields.string("known_hosts").map(resolvePath),
            verifyHostKey: try fields.bool("verify_host_key") ?? true,
            approvalKeyEnv: approvalKeyEnv,
            policy: try policy(value["policy"], base: globalPolicy, host: alias))
    }

    /// Reads a `policy` block on top of `base`, so a host's block overrides only the keys it sets.
    /// The keys the enforcer shares are read by `PolicyBlock`; `confirmation` is the client's own.
    private func policy(_ value: JSONValue?, base: ClientPolicy, host: String?) throws(HostConfigError) -> ClientPolicy {
        guard let value else { return base }
        let shared = PolicySettings(engine: base.engine, maxOutputBytes: base.maxOutputBytes,
                                    defaultTimeoutSeconds: base.defaultTimeoutSeconds)
        let settings = try fields(host) { () throws(JSONFieldError) in try PolicyBlock.read(value, over: shared) }
        var result = base
        result.engine = settings.engine
        result.maxOutputBytes = settings.maxOutputBytes
        result.defaultTimeoutSeconds = settings.defaultTimeoutSeconds
        let reader = JSONFieldReader(value, prefix: "policy.")
        if let setting = try fields(host, { () throws(JSONFieldError) in try reader.string("confirmation") }) {
            guard let parsed = ConfirmationSetting(rawValue: setting) else {
                throw .invalidField(path: path, host: host, field: "policy.confirmation",
                                    problem: "unknown value \"\(setting)\"; use \"flag\" or \"deny\"")
            }
            result.confirmation = parsed
        }
        return result
    }

    /// Runs a field read, naming this file and host in its error.
    private func fields<T>(_ host: String?, _ read: () throws(JSONFieldError) -> T) throws(HostConfigError) -> T {
        try namingFileAndHost(path: path, host: host, read)
    }

    /// `~/x` is the user's home; a relative path is taken from the directory holding hosts.json.
    private func resolvePath(_ raw: String) -> String {
        if raw == "~" { return homeDirectory }
        if raw.hasPrefix("~/") { return homeDirectory + raw.dropFirst(1) }
        if raw.hasPrefix("/") { return raw }
        let base = (path as NSString).deletingLastPathComponent
        return ((base.isEmpty ? "." : base) as NSString).appendingPathComponent(raw)
    }

    static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}

/// The shared `JSONFieldReader`, with its errors turned into this file's and host's `HostConfigError`.
private struct HostFields {
    let reader: JSONFieldReader
    let path: String
    let host: String

    private func run<T>(_ read: () throws(JSONFieldError) -> T) throws(HostConfigError) -> T {
        try namingFileAndHost(path: path, host: host, read)
    }

    func string(_ key: String) throws(HostConfigError) -> String? { try run { () throws(JSONFieldError) in try reader.string(key) } }
    func bool(_ key: String) throws(HostConfigError) -> Bool? { try run { () throws(JSONFieldError) in try reader.bool(key) } }
    func integer(_ key: String) throws(HostConfigError) -> Int? { try run { () throws(JSONFieldError) in try reader.integer(key) } }
}

/// Runs a shared field read, turning its error into this file's and host's `HostConfigError`.
private func namingFileAndHost<T>(path: String, host: String?, _ read: () throws(JSONFieldError) -> T) throws(HostConfigError) -> T {
    do {
        return try read()
    } catch {
        throw .invalidField(path: path, host: host, field: error.field, problem: error.problem)
    }
}
