import Gateway

/// What a finished call returns: the same facts twice, as structured output for callers that read
/// it and as compact text for those (and models) that only read text. An `isError` result is the
/// tool's own failure (unknown host, refused by the policy, connection lost); its text says what
/// to do next.
public struct ToolResult: Sendable, Equatable {
    public let text: String
    /// Matches the tool's output schema; nil on errors.
    public let structured: ToolValue?
    public let isError: Bool

    public init(text: String, structured: ToolValue?, isError: Bool) {
        self.text = text
        self.structured = structured
        self.isError = isError
    }

    static func success(_ output: some StructuredOutput, text: String) -> ToolResult {
        ToolResult(text: text, structured: output.structured, isError: false)
    }

    static func failure(_ message: String) -> ToolResult {
        ToolResult(text: message, structured: nil, isError: true)
    }
}

/// What a call produced: a result, or a question for a human that must be answered before the
/// command may run. The second comes only when the call's human channel answered `.pending` (MCP
/// 2026-07-28: the client asks and retries the call with the answer).
public enum ToolOutcome: Sendable {
    case complete(ToolResult)
    case inputRequired(ConfirmationRequest)
}

/// A tool's output, field for field what its output schema declares, in snake_case like the
/// arguments and hosts.json. Built as a value tree directly: absent optionals are left out.
protocol StructuredOutput {
    var structured: ToolValue { get }
}

extension Dictionary where Key == String, Value == ToolValue {
    /// Adds the field only when it has a value.
    mutating func set(_ key: String, _ value: ToolValue?) {
        if let value { self[key] = value }
    }
}
