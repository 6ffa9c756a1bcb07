import AgentTools

/// One wire format: how a request is written and how a streamed reply is read. The HTTP layer
/// hands the decoder the body line by line (NDJSON and SSE are both line-based).
protocol ModelWire: Sendable {
    /// The path appended to the server's base URL.
    var path: String { get }
    func requestBody(model: String, messages: [ChatMessage], tools: [AgentTool]) -> ToolValue
    func makeDecoder() -> any ReplyDecoder
    /// One conversation message in this format's shape.
    static func message(_ message: ChatMessage) -> ToolValue
}

extension ModelWire {
    /// Both formats take the same request: model, streaming on, the messages in their own shape,
    /// the tools as function declarations.
    func requestBody(model: String, messages: [ChatMessage], tools: [AgentTool]) -> ToolValue {
        [
            "model": .string(model),
            "stream": true,
            "messages": .array(messages.map(Self.message)),
            "tools": .array(tools.map(\.functionDeclaration)),
        ]
    }
}

/// Reads one streamed reply. `consume` returns the text that arrived in this line, so it can be
/// shown as it comes; `finish` returns the whole reply once the body has ended.
protocol ReplyDecoder {
    mutating func consume(line: String) throws(ModelServerError) -> String
    /// True once the stream said it is complete (Ollama `done`, SSE `[DONE]`).
    var isComplete: Bool { get }
    func finish() throws(ModelServerError) -> ModelReply
}

extension AgentTool {
    /// The function-calling declaration both formats share (`tools: [{type, function}]`).
    var functionDeclaration: ToolValue {
        [
            "type": "function",
            "function": ["name": .string(name), "description": .string(description), "parameters": inputSchema],
        ]
    }
}
