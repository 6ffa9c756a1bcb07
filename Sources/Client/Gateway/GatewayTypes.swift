import AgentContracts
import AgentPolicy
import HostConfiguration
import RemoteAccess

/// A host as `list_hosts` and `ssh-for-agents-run hosts` show it.
public struct HostSummary: Sendable, Encodable, Equatable {
    public let alias: String
    public let hostname: String
    public let username: String
    public let port: Int
    public let mode: PolicyMode
    public let verifyHostKey: Bool
    /// Set when the listing probed the host (`hostListing(probing: true)`).
    public var enforcer: EnforcerStatus?
    /// The hosts.json `ssh_config_host` alias, if any.
    public let sshConfigHost: String?
    /// Which SSH client carries the host and why, as the transport says it, e.g.
    /// "openssh (libssh2: no common cipher; server offers chacha20-poly1305@openssh.com)"; nil when
    /// the transport has only one way (`RemoteTransport.transportInUse`).
    public var transport: String?

    init(_ entry: HostEntry) {
        alias = entry.alias
        hostname = entry.hostname
        username = entry.username
        port = entry.port
        mode = entry.policy.engine.mode
        verifyHostKey = entry.verifyHostKey
        sshConfigHost = entry.sshConfigHost
    }
}

extension HostSummary {
    /// `user@host:port`, or the ~/.ssh/config alias with what hosts.json adds to it.
    public var destination: String {
        guard let alias = sshConfigHost else { return "\(username)@\(hostname):\(port)" }
        var parts = ["ssh_config_host \(alias)"]
        if !username.isEmpty || !hostname.isEmpty || port > 0 {
            parts.append(
                "\(username.isEmpty ? "" : username + "@")\(hostname.isEmpty ? alias : hostname)\(port > 0 ? ":\(port)" : "")")
        }
        return parts.joined(separator: " ")
    }
}

/// A verdict together with what it was computed for.
public struct PolicyCheck: Sendable {
    public let host: String?
    public let mode: PolicyMode
    public let verdict: Verdict
}

public struct RunRequest: Sendable {
    public var host: String
    public var command: String
    /// nil: the host's `default_timeout`.
    public var timeout: Duration?
    public var onOutput: (@Sendable (ExecStream, ArraySlice<UInt8>) -> Void)?
    /// Output bytes per stream held in memory (`ExecRequest.memoryBytes`); nil: all that is kept.
    /// A caller that saves `onOutput`'s bytes itself sets it low.
    public var memoryBytes: Int?

    public init(
        host: String, command: String, timeout: Duration? = nil, memoryBytes: Int? = nil,
        onOutput: (@Sendable (ExecStream, ArraySlice<UInt8>) -> Void)? = nil
    ) {
        self.host = host
        self.command = command
        self.timeout = timeout
        self.memoryBytes = memoryBytes
        self.onOutput = onOutput
    }
}

public struct RunOutcome: Sendable {
    public let host: String
    public let verdict: Verdict
    /// How a `needs_confirmation` command was approved; nil when the policy allowed it outright.
    public let approvedBy: String?
    public let result: ExecResult
    /// Set when the server's enforcer refused the command (it did not run): its exit status and
    /// stderr line said so. A command that failed by itself leaves this nil.
    public let serverRefusal: EnforcerRefusal?
}
