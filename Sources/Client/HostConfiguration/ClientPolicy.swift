import AgentPolicy

/// How a `needs_confirmation` verdict is resolved when the MCP client cannot ask a human
/// (no `elicitation` capability). See ARCHITECTURE.md, "Confirmation".
public enum ConfirmationSetting: String, Sendable, Codable, CaseIterable {
    /// The original tool's behaviour: the caller's `confirm: true` runs the command.
    case flag
    /// Refuse: only a client that can ask a human (elicitation) or the CLI's `--confirm` may run it.
    case deny
}

/// The `policy` block of hosts.json: the shared policy engine's settings plus what only the client
/// enforces (output caps, timeouts, how confirmation works).
public struct ClientPolicy: Sendable, Equatable {
    public var engine: PolicyConfig
    /// Cap per output stream, in bytes; bounds memory and disk while a command floods.
    public var maxOutputBytes: Int
    /// Seconds a command may run when the caller gives no timeout.
    public var defaultTimeoutSeconds: Double
    /// nil: elicitation when the client offers it, otherwise `.flag`.
    public var confirmation: ConfirmationSetting?

    public static let defaultMaxOutputBytes = 1 << 20
    public static let defaultTimeoutSecondsValue: Double = 60

    public init(
        engine: PolicyConfig = PolicyConfig(),
        maxOutputBytes: Int = ClientPolicy.defaultMaxOutputBytes,
        defaultTimeoutSeconds: Double = ClientPolicy.defaultTimeoutSecondsValue,
        confirmation: ConfirmationSetting? = nil
    ) {
        self.engine = engine
        self.maxOutputBytes = maxOutputBytes
        self.defaultTimeoutSeconds = defaultTimeoutSeconds
        self.confirmation = confirmation
    }
}
