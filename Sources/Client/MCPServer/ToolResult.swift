import MCP

/// Builds `tools/call` results: structured content for clients that read it, the same facts as
/// compact text for clients and models that only read text, and `isError` results whose message
/// says what to do next.
enum ToolResult {
    static func success(_ output: some StructuredOutput, text: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)],
                        structuredContent: Optional<Value>.some(output.structured), isError: false)
    }

    static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }
}
