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

    public init(
        forceCommand: String? = nil,
        maxSessions: Int = 32,
        extraConfig: [String] = [],
        accountName: String = "sfa-agent",
        directory: String? = nil
    ) {
        self.forceCommand = forceCommand
        self.maxSessions = maxSessions
        self.extraConfig = extraConfig
        self.accountName = accountName
        self.directory = directory
    }
}
