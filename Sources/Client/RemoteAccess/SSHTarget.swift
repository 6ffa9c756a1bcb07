// Where to connect and how to prove who we are and who they are.

/// One SSH destination. The pool keeps one authenticated session per distinct target value.
public struct SSHTarget: Sendable, Hashable {
    /// A DNS name, an IPv4 address or an IPv6 address (without brackets).
    public var hostname: String
    public var port: Int
    public var username: String
    public var authentication: SSHAuthentication
    public var hostKeyVerification: HostKeyVerification
    /// Limit for TCP connect, and separately for handshake plus authentication.
    public var connectTimeout: Duration

    public init(
        hostname: String, port: Int = 22, username: String,
        authentication: SSHAuthentication,
        hostKeyVerification: HostKeyVerification = .knownHosts(files: []),
        connectTimeout: Duration = .seconds(10)
    ) {
        self.hostname = hostname
        self.port = port
        self.username = username
        self.authentication = authentication
        self.hostKeyVerification = hostKeyVerification
        self.connectTimeout = connectTimeout
    }
}

public enum SSHAuthentication: Sendable, Hashable {
    /// An OpenSSH private key file. When `passphraseEnvironmentVariable` is set, the passphrase
    /// is read from that variable at connect time and never stored.
    case privateKey(path: String, passphraseEnvironmentVariable: String?)
    /// The keys of the ssh-agent reachable through `SSH_AUTH_SOCK`.
    case agent
}

public enum HostKeyVerification: Sendable, Hashable {
    /// Check the presented host key against these OpenSSH known_hosts files (hashed `|1|` and
    /// `[host]:port` entries included). Empty means `~/.ssh/known_hosts` and
    /// `/etc/ssh/ssh_known_hosts`.
    case knownHosts(files: [String])
    /// No verification (config `verify_host_key: false`); every connect emits a warning.
    case disabled
}
