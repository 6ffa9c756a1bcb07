import AgentTools
import MCP

extension AgentTool {
    /// The entry as `tools/list` shows it, in both eras.
    var mcpTool: Tool {
        Tool(
            name: name, title: title, description: description, inputSchema: Value(inputSchema),
            annotations: .init(
                title: annotations.title, readOnlyHint: annotations.readOnly,
                destructiveHint: annotations.destructive, idempotentHint: annotations.idempotent,
                openWorldHint: annotations.openWorld),
            outputSchema: Value(outputSchema))
    }
}

extension ToolResult {
    /// One text block, the structured output when there is one, and `isError`.
    var callToolResult: CallTool.Result {
        let content: [Tool.Content] = [.text(text: text, annotations: nil, _meta: nil)]
        guard let structured else { return CallTool.Result(content: content, isError: isError) }
        return CallTool.Result(content: content, structuredContent: Optional<Value>.some(Value(structured)), isError: isError)
    }
}

extension InvalidToolCall {
    /// A malformed call is a protocol error, not a tool result.
    var mcpError: MCPError { .invalidParams(message) }
}
