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
    /// Which client carries this target's requests (hosts.json `transport`).
    public var transport: TransportChoice
    /// An alias of the user's `~/.ssh/config` (hosts.json `ssh_config_host`): the OpenSSH client
    /// connects to it with everything that file says (ProxyJump, certificates, agent choice);
    /// `hostname`, `port` and `username` then only override what it says when hosts.json set them.
    public var sshConfigHost: String?

    public init(
        hostname: String, port: Int = 22, username: String,
        authentication: SSHAuthentication,
        hostKeyVerification: HostKeyVerification = .knownHosts(files: []),
        connectTimeout: Duration = .seconds(10), transport: TransportChoice = .auto, sshConfigHost: String? = nil
    ) {
        self.transport = transport
        self.sshConfigHost = sshConfigHost
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

/// The SSH client that carries a target's requests.
public enum TransportChoice: String, Sendable, Hashable, CaseIterable {
    /// libssh2 in process: the fast default, one pooled session per target.
    case libssh2
    /// The system's OpenSSH client over a per-target ControlMaster: RSA-SHA2 keys, AEAD ciphers and
    /// ETM MACs, ProxyJump, certificates, FIDO keys and everything else `~/.ssh/config` can say.
    case openssh
    /// libssh2, switching to openssh (once per target and process) when libssh2 cannot do the job.
    case auto
}
