import AgentContracts
import AgentPolicy
import Foundation

/// Turns the bytes of a `hosts.json` into a validated `HostsConfig`. Every problem names the host
/// and field, so the user knows exactly what to fix.
public struct HostsConfigParser: Sendable {
    /// Letters and digits (any script: internationalised names), and `extra` only, not starting with '-'.
    static func isPlainName(_ text: String, allowing extra: String) -> Bool {
        guard let first = text.first, first != "-" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || extra.contains($0) }
    }

    /// Every field a host entry may have (what the parser reads); `check` calls others typos.
    public static let hostFields: Set<String> = [
        "hostname", "username", "port", "private_key", "passphrase_env", "known_hosts",
        "verify_host_key", "policy", "transport", "ssh_config_host", "approval_key_env",
    ]

    /// The file's path: used in messages and to resolve relative key and known_hosts paths.
    public let path: String
    public let homeDirectory: String

    public init(path: String, homeDirectory: String = UserHome.directory()) {
        self.path = path
        self.homeDirectory = homeDirectory
    }

    public func parse(_ data: Data) throws(HostConfigError) -> HostsConfig {
        // Our own reader, not JSONDecoder: a syntax error names its line and column.
        try parse(HostsDocument(data: data, path: path).root.jsonValue)
    }

    /// The configuration, or the first problem (in alias order, so the same file always names
    /// the same one).
    public func parse(_ document: JSONValue) throws(HostConfigError) -> HostsConfig {
        var problems: [HostConfigError] = []
        let config = read(document, problems: &problems)
        if let first = problems.first { throw first }
        return config!
    }

    /// Every problem of the document, not just the first: what `ssh-for-agents-config check`
    /// reports. Each host is checked on its own, and each of its fields.
    public func problems(in document: JSONValue) -> [HostConfigError] {
        var problems: [HostConfigError] = []
        _ = read(document, problems: &problems)
        return problems
    }

    public func problems(in data: Data) -> [HostConfigError] {
        do {
            return problems(in: try HostsDocument(data: data, path: path).root.jsonValue)
        } catch {
            return [error]
        }
    }

    /// nil when a problem leaves no configuration to speak of; problems are appended.
    private func read(_ document: JSONValue, problems: inout [HostConfigError]) -> HostsConfig? {
        guard case .object = document else {
            problems.append(
                .invalidField(
                    path: path, host: nil, field: "(top level)",
                    problem: "expected an object with \"hosts\", got \(document.typeName)"))
            return nil
        }
        let globalPolicy =
            collect(&problems) { () throws(HostConfigError) in
                try policy(document["policy"], base: ClientPolicy(), host: nil)
            } ?? ClientPolicy()
        guard let hostsValue = document["hosts"] else {
            problems.append(
                .invalidField(
                    path: path, host: nil, field: "hosts",
                    problem: "missing; add \"hosts\": { \"alias\": { \"hostname\": …, \"username\": … } }"))
            return nil
        }
        guard case .object(let members) = hostsValue else {
            problems.append(
                .invalidField(
                    path: path, host: nil, field: "hosts",
                    problem: "expected an object of aliases, got \(hostsValue.typeName)"))
            return nil
        }
        var hosts: [String: HostEntry] = [:]
        for (alias, value) in members.sorted(by: { $0.key < $1.key }) {
            hosts[alias] = host(alias: alias, value, globalPolicy: globalPolicy, problems: &problems)
        }
        return HostsConfig(hosts: hosts, policy: globalPolicy, path: path)
    }

    /// Runs one check, turning its error into a collected problem.
    private func collect<T>(_ problems: inout [HostConfigError], _ body: () throws(HostConfigError) -> T) -> T? {
        do {
            return try body()
        } catch {
            problems.append(error)
            return nil
        }
    }

    private func host(
        alias: String, _ value: JSONValue, globalPolicy: ClientPolicy,
        problems: inout [HostConfigError]
    ) -> HostEntry? {
        func problem(_ field: String, _ text: String) -> HostConfigError {
            .invalidField(path: path, host: alias, field: field, problem: text)
        }
        guard !alias.isEmpty, alias.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            problems.append(problem("(alias)", "aliases may use letters, digits, '-', '_' and '.' only"))
            return nil
        }
        guard case .object = value else {
            problems.append(problem("(entry)", "expected an object, got \(value.typeName)"))
            return nil
        }
        let before = problems.count
        let fields = HostFields(reader: JSONFieldReader(value), path: path, host: alias)
        let sshConfigHost = collect(&problems) { () throws(HostConfigError) in try fields.string("ssh_config_host") } ?? nil
        if let name = sshConfigHost, name.isEmpty || name.hasPrefix("-") || name.contains(where: { $0.isWhitespace }) {
            problems.append(problem("ssh_config_host", "must be a Host name of ~/.ssh/config (no spaces, not starting with '-')"))
        }
        let transportText = collect(&problems) { () throws(HostConfigError) in try fields.string("transport") } ?? nil
        let transport = transportText.map { TransportSetting(rawValue: $0) } ?? .auto
        if let transportText, transport == nil {
            problems.append(problem("transport", "unknown value \"\(transportText)\"; use \"libssh2\", \"openssh\" or \"auto\""))
        }
        // With an ssh_config alias, ssh's config supplies what hosts.json leaves out.
        let fromSSHConfig = sshConfigHost != nil
        let afterAlias = problems.count
        let hostname = collect(&problems) { () throws(HostConfigError) in try fields.string("hostname") } ?? nil
        if problems.count == afterAlias, hostname?.isEmpty ?? true, !fromSSHConfig {
            problems.append(problem("hostname", "required (a DNS name, IPv4 or IPv6 address), or set ssh_config_host"))
        }
        // Both end up in an ssh argv and in `%h`/`%r` of a user's ProxyCommand: an option or shell
        // syntax there would be run, not connected to.
        if let hostname, !hostname.isEmpty, !Self.isPlainName(hostname, allowing: ".-:_%[]") {
            problems.append(
                problem(
                    "hostname",
                    "must be a DNS name, IPv4 or IPv6 address (no spaces, quotes or shell syntax, not starting with '-')"))
        }
        let afterHostname = problems.count
        let username = collect(&problems) { () throws(HostConfigError) in try fields.string("username") } ?? nil
        if problems.count == afterHostname, username?.isEmpty ?? true, !fromSSHConfig {
            problems.append(problem("username", "required (the remote account to log in as), or set ssh_config_host"))
        }
        if let username, !username.isEmpty, !Self.isPlainName(username, allowing: ".-_@$") {
            problems.append(
                problem("username", "must be an account name (no spaces, quotes or shell syntax, not starting with '-')"))
        }
        let defaultPort = fromSSHConfig ? 0 : 22
        let port = collect(&problems) { () throws(HostConfigError) in try fields.integer("port") ?? defaultPort } ?? defaultPort
        if !(1...65535).contains(port), !(fromSSHConfig && port == 0) {
            problems.append(problem("port", "must be between 1 and 65535 (got \(port))"))
        }
        let passphraseEnv = collect(&problems) { () throws(HostConfigError) in try fields.string("passphrase_env") } ?? nil
        if let name = passphraseEnv, !Self.isEnvironmentVariableName(name) {
            problems.append(
                problem(
                    "passphrase_env", "must name an environment variable (letters, digits, '_'), not hold the passphrase itself"))
        }
        let privateKey = (collect(&problems) { () throws(HostConfigError) in try fields.string("private_key") } ?? nil).map(
            resolvePath)
        if passphraseEnv != nil, privateKey == nil {
            problems.append(problem("passphrase_env", "set only together with \"private_key\""))
        }
        let knownHosts = (collect(&problems) { () throws(HostConfigError) in try fields.string("known_hosts") } ?? nil).map(
            resolvePath)
        let verifyHostKey =
            collect(&problems) { () throws(HostConfigError) in try fields.bool("verify_host_key") ?? true } ?? true
        let hostPolicy = collect(&problems) { () throws(HostConfigError) in
            try policy(value["policy"], base: globalPolicy, host: alias)
        }
        let approvalKeyEnv = collect(&problems) { () throws(HostConfigError) in try fields.string("approval_key_env") } ?? nil
        if let name = approvalKeyEnv, !Self.isEnvironmentVariableName(name) {
            problems.append(
                problem("approval_key_env", "must name an environment variable (letters, digits, '_'), not hold the key itself"))
        }
        guard problems.count == before, let hostPolicy, let transport else { return nil }
        guard let hostname = hostname ?? (fromSSHConfig ? "" : nil), let username = username ?? (fromSSHConfig ? "" : nil) else {
            return nil
        }
        return HostEntry(
            alias: alias, hostname: hostname, username: username, port: port,
            privateKey: privateKey, passphraseEnv: passphraseEnv, knownHosts: knownHosts,
            verifyHostKey: verifyHostKey, approvalKeyEnv: approvalKeyEnv, policy: hostPolicy,
            transport: transport, sshConfigHost: sshConfigHost)
    }

    /// Reads a `policy` block on top of `base`, so a host's block overrides only the keys it sets.
    /// The keys the enforcer shares are read by `PolicyBlock`; `confirmation` is the client's own.
    private func policy(_ value: JSONValue?, base: ClientPolicy, host: String?) throws(HostConfigError) -> ClientPolicy {
        guard let value else { return base }
        let shared = PolicySettings(
            engine: base.engine, maxOutputBytes: base.maxOutputBytes,
            defaultTimeoutSeconds: base.defaultTimeoutSeconds)
        let settings = try fields(host) { () throws(JSONFieldError) in try PolicyBlock.read(value, over: shared) }
        var result = base
        result.engine = settings.engine
        result.maxOutputBytes = settings.maxOutputBytes
        result.defaultTimeoutSeconds = settings.defaultTimeoutSeconds
        let reader = JSONFieldReader(value, prefix: "policy.")
        if let setting = try fields(host, { () throws(JSONFieldError) in try reader.string("confirmation") }) {
            guard let parsed = ConfirmationSetting(rawValue: setting) else {
                throw .invalidField(
                    path: path, host: host, field: "policy.confirmation",
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

    public static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }
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

    func string(_ key: String) throws(HostConfigError) -> String? {
        try run { () throws(JSONFieldError) in try reader.string(key) }
    }
    func bool(_ key: String) throws(HostConfigError) -> Bool? { try run { () throws(JSONFieldError) in try reader.bool(key) } }
    func integer(_ key: String) throws(HostConfigError) -> Int? {
        try run { () throws(JSONFieldError) in try reader.integer(key) }
    }
}

/// Runs a shared field read, turning its error into this file's and host's `HostConfigError`.
private func namingFileAndHost<T>(path: String, host: String?, _ read: () throws(JSONFieldError) -> T) throws(HostConfigError)
    -> T
{
    do {
        return try read()
    } catch {
        throw .invalidField(path: path, host: host, field: error.field, problem: error.problem)
    }
}
