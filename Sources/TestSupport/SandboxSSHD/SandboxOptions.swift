/// How a sandbox sshd is set up. Every field has a default, so `SandboxOptions()` is a working
/// server; tests change only what their scenario needs.
public struct SandboxOptions: Sendable {
    /// sshd `ForceCommand` for the account: every exec, shell and subsystem request runs this
    /// instead (the enforcer's hook). `nil` runs what the client asked for.
    public var forceCommand: String?
    /// sshd `MaxSessions`: channels per connection. The transport opens many sessions on one
    /// pooled connection, so this must stay well above sshd's default of 10.
    public var maxSessions: Int
    /// Extra `sshd_config` lines appended at the end, e.g. `"Ciphers aes256-gcm@openssh.com"`.
    /// sshd keeps the first value it reads for most keywords, so a line here cannot override a
    /// keyword the sandbox already sets (use the dedicated options for those); `Match` blocks work.
    public var extraConfig: [String]
    /// The unprivileged login account created when running as root. Ignored otherwise: a
    /// non-root sshd can only log in as the user running it.
    public var accountName: String
    /// Where the keys, config and log go. `nil` makes a fresh private directory under /tmp.
    /// A given directory's parents must be traversable by the account (sshd reads
    /// authorized_keys with the account's uid).
    public var directory: String?
    /// Where sshd listens: the loopback by default; a fault test puts it inside a network
    /// namespace it created (`namespace`, run through `ip netns exec`) on that namespace's address.
    public var listener: SandboxListener

    public init(
        forceCommand: String? = nil,
        maxSessions: Int = 32,
        extraConfig: [String] = [],
        accountName: String = "sfa-agent",
        directory: String? = nil,
        listener: SandboxListener = .loopback
    ) {
        self.listener = listener
        self.forceCommand = forceCommand
        self.maxSessions = maxSessions
        self.extraConfig = extraConfig
        self.accountName = accountName
        self.directory = directory
    }
}

/// The address sshd listens on, and the network namespace it runs in (nil: ours).
public struct SandboxListener: Sendable, Equatable {
    /// An IPv4 address.
    public var address: String
    /// The name of an `ip netns` namespace that holds `address`.
    public var namespace: String?

    /// False for an address only the namespace itself reaches (its own 127.0.0.1, a target
    /// behind a jump host there): sshd's "Server listening" log line is then the only sign of life
    /// we can see, instead of also reading its banner.
    public var reachableFromHere: Bool

    public init(address: String, namespace: String? = nil, reachableFromHere: Bool = true) {
        self.address = address
        self.namespace = namespace
        self.reachableFromHere = reachableFromHere
    }

    public static let loopback = SandboxListener(address: "127.0.0.1")
}
