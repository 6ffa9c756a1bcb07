import Foundation
import MCP

/// Builds `tools/call` results: structured content for clients that read it, the same facts as
/// compact text for clients and models that only read text, and `isError` results whose message
/// says what to do next.
enum ToolResult {
    static func success<Output: Encodable>(_ output: Output, text: String) throws -> CallTool.Result {
        try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)],
                            structuredContent: value(of: output), isError: false)
    }

    static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }

    private static func value<Output: Encodable>(of output: Output) throws -> Value {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try JSONDecoder().decode(Value.self, from: encoder.encode(output))
    }
}
