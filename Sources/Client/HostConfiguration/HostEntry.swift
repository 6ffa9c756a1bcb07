/// One entry of `hosts.json`'s `hosts` object, validated.
public struct HostEntry: Sendable, Equatable {
    public var alias: String
    public var hostname: String
    public var username: String
    public var port: Int
    /// Path of the private key; nil means ssh-agent (`SSH_AUTH_SOCK`).
    public var privateKey: String?
    /// Name of the environment variable holding the key's passphrase. The passphrase itself is
    /// read at connect time and never stored.
    public var passphraseEnv: String?
    /// known_hosts file for this host; nil means the OpenSSH defaults.
    public var knownHosts: String?
    /// Host-key verification is mandatory unless the file says `"verify_host_key": false`.
    public var verifyHostKey: Bool
    /// Name of the environment variable holding the host's approval key (the text of the server
    /// enforcer's `approval_key_file`). Set: approvals a human gives are sent as signed tokens the
    /// enforcer checks; nil: as unsigned ones. The key itself is read when a token is made and never
    /// stored.
    public var approvalKeyEnv: String?
    /// The effective policy for this host: the global block with this host's `policy` block on top.
    public var policy: ClientPolicy
    /// `"libssh2"`, `"openssh"` or `"auto"` (the default): which SSH client carries this host.
    public var transport: TransportSetting
    /// An alias of the user's `~/.ssh/config` that the OpenSSH client connects to. Set, the fields
    /// `hostname` and `username` may be empty and `port` 0: ssh's config then decides them.
    public var sshConfigHost: String?

    public init(
        alias: String, hostname: String, username: String, port: Int = 22,
        privateKey: String? = nil, passphraseEnv: String? = nil, knownHosts: String? = nil,
        verifyHostKey: Bool = true, approvalKeyEnv: String? = nil, policy: ClientPolicy = ClientPolicy(),
        transport: TransportSetting = .auto, sshConfigHost: String? = nil
    ) {
        self.transport = transport
        self.sshConfigHost = sshConfigHost
        self.approvalKeyEnv = approvalKeyEnv
        self.alias = alias
        self.hostname = hostname
        self.username = username
        self.port = port
        self.privateKey = privateKey
        self.passphraseEnv = passphraseEnv
        self.knownHosts = knownHosts
        self.verifyHostKey = verifyHostKey
        self.policy = policy
    }
}

/// A whole, validated `hosts.json`.
public struct HostsConfig: Sendable, Equatable {
    public var hosts: [String: HostEntry]
    public var policy: ClientPolicy
    /// Where it was read from (for messages).
    public var path: String

    public init(hosts: [String: HostEntry], policy: ClientPolicy, path: String) {
        self.hosts = hosts
        self.policy = policy
        self.path = path
    }

    public var aliases: [String] { hosts.keys.sorted() }

    /// The entry for `alias`, or an error that lists the configured aliases.
    public func host(_ alias: String) throws(HostConfigError) -> HostEntry {
        guard let entry = hosts[alias] else {
            throw .unknownHost(alias, known: aliases, path: path)
        }
        return entry
    }
}

/// hosts.json's `transport` field.
public enum TransportSetting: String, Sendable, Equatable, CaseIterable {
    case libssh2, openssh, auto
}
