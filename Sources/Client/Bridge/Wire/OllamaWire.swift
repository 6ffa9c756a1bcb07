import AgentTools
import Foundation

/// Ollama's `POST /api/chat` with `stream: true`: each line is one JSON object with
/// `message.content` (a piece of text) and possibly `message.tool_calls` (whole calls, arguments
/// as an object); the last has `done: true`. Tool answers are `role: "tool"` with `tool_name`.
struct OllamaWire: ModelWire {
    var path: String { "/api/chat" }

    static func message(_ message: ChatMessage) -> ToolValue {
        switch message {
        case .system(let text): return ["role": "system", "content": .string(text)]
        case .user(let text): return ["role": "user", "content": .string(text)]
        case .assistant(let text, let calls):
            var object: [String: ToolValue] = ["role": "assistant", "content": .string(text)]
            if !calls.isEmpty {
                // Ollama wants arguments back as an object; a string the model sent is decoded
                // when it can be, else sent as {} (the tool's answer says what was wrong).
                object["tool_calls"] = .array(
                    calls.map { call in
                        [
                            "function": [
                                "name": .string(call.name), "arguments": .object(ArgumentsRepair.object(call.arguments) ?? [:]),
                            ]
                        ]
                    })
            }
            return .object(object)
        case .tool(_, let name, let content):
            return ["role": "tool", "tool_name": .string(name), "content": .string(content)]
        }
    }

    func makeDecoder() -> any ReplyDecoder { Decoder() }

    struct Decoder: ReplyDecoder {
        private var reply = ModelReply()
        private(set) var isComplete = false

        mutating func consume(line: String) throws(ModelServerError) -> String {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return "" }
            let chunk: ToolValue
            do { chunk = try ToolValue(jsonText: trimmed) } catch {
                throw .malformed("a line of /api/chat is not JSON: \(trimmed.prefix(200))")
            }
            if let error = chunk["error"]?.stringValue { throw .streamFailed(error) }
            let message = chunk["message"]
            let text = message?["content"]?.stringValue ?? ""
            reply.text += text
            for call in message?["tool_calls"]?.arrayValue ?? [] {
                let function = call["function"]
                let id = call["id"]?.stringValue ?? "call_\(reply.toolCalls.count + 1)"
                reply.toolCalls.append(
                    ModelToolCall(
                        id: id, name: function?["name"]?.stringValue ?? "",
                        arguments: function?["arguments"] ?? .null))
            }
            if chunk["done"] == .bool(true) {
                isComplete = true
                reply.finishReason = chunk["done_reason"]?.stringValue
            }
            return text
        }

        func finish() throws(ModelServerError) -> ModelReply {
            guard isComplete else { throw .streamFailed("the stream ended before \"done\": true") }
            return reply
        }
    }
}
