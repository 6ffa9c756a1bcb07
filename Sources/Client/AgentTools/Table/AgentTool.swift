/// One tool, whole: what callers and models are told about it and what it does. The MCP server
/// lists and calls these; a local-model bridge (function calling) can adapt the same entries, so
/// nothing here belongs to a protocol.
public struct AgentTool: Sendable {
    public typealias Handler = @Sendable (ToolArguments, ToolCallContext) async throws -> ToolOutcome

    public let name: String
    public let title: String
    /// Written for a model: when to use the tool and what comes back.
    public let description: String
    public let input: ToolInput
    /// JSON Schema of `ToolResult.structured`.
    public let outputSchema: ToolValue
    public let annotations: ToolAnnotations
    /// Throws `InvalidToolCall` for a mistyped or missing argument, `CancellationError` when the
    /// calling task was cancelled (then the caller answers nothing); every other failure is an
    /// `isError` result.
    let handler: Handler

    public var inputSchema: ToolValue { input.schema }

    /// Checks `values` against the declared arguments, then runs the tool.
    public func call(_ values: [String: ToolValue]?, context: ToolCallContext) async throws -> ToolOutcome {
        try await run(arguments(values), context: context)
    }

    /// The first half of `call`, for a caller that checks the arguments before it starts the work
    /// (the MCP server does, before the call becomes cancellable at shutdown).
    public func arguments(_ values: [String: ToolValue]?) throws(InvalidToolCall) -> ToolArguments {
        try ToolArguments(tool: name, values: values, declared: input.argumentNames)
    }

    public func run(_ arguments: ToolArguments, context: ToolCallContext) async throws -> ToolOutcome {
        try await handler(arguments, context)
    }
}
