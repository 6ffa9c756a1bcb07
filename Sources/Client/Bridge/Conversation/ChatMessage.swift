import AgentTools

/// One tool call as the model asked for it, before any checking. `arguments` is whatever the model
/// sent: an object as documented, or a JSON string, or something else a small model made up.
public struct ModelToolCall: Sendable, Equatable {
    /// The OpenAI-compatible id answers refer to; Ollama has none (the bridge makes one up).
    public var id: String
    public var name: String
    public var arguments: ToolValue

    public init(id: String, name: String, arguments: ToolValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// The conversation, neutral to either wire format (`OllamaWire` and `OpenAIWire` spell it out).
public enum ChatMessage: Sendable, Equatable {
    case system(String)
    case user(String)
    case assistant(text: String, toolCalls: [ModelToolCall])
    /// The answer to one tool call: `content` is the tool's text result, or the bridge's error.
    case tool(callID: String, name: String, content: String)
}

/// One reply of the model, read to its end.
public struct ModelReply: Sendable, Equatable {
    public var text: String
    public var toolCalls: [ModelToolCall]
    /// Why the model stopped ("stop", "tool_calls", "length"), when the server said.
    public var finishReason: String?

    public init(text: String = "", toolCalls: [ModelToolCall] = [], finishReason: String? = nil) {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
    }
}
