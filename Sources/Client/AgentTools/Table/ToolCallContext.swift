import Gateway

/// What the caller's side offers one call, beyond its arguments. The MCP server fills it from the
/// client's capabilities and the request; another front end (a local-model bridge) from its own.
public struct ToolCallContext: Sendable {
    /// Who can approve a command that needs a human; nil when nobody can be asked, and then the
    /// host's `confirmation` setting decides (see `ToolCallConfirmer`). A channel may answer
    /// `.pending` to get the question back as `ToolOutcome.inputRequired`.
    public var human: (any Confirmer)?
    /// Where to report a long call's progress; nil when the caller did not ask for it.
    public var progress: (any ProgressSink)?

    public init(human: (any Confirmer)? = nil, progress: (any ProgressSink)? = nil) {
        self.human = human
        self.progress = progress
    }
}

/// Receives a running call's progress about once a second (see `ProgressReporter`).
public protocol ProgressSink: Sendable {
    /// `progress`: seconds since the call started; `message`: what it is doing, for a human.
    func report(progress: Double, message: String) async
}
