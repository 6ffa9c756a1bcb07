import AgentTools
import Foundation

/// `POST /v1/chat/completions` with `stream: true`: server-sent events, each `data:` line one
/// chunk whose `choices[0].delta` carries a piece of text or pieces of tool calls. A call's id and
/// name come first, its arguments (a JSON string) in fragments, all keyed by `index`; the stream
/// ends with `data: [DONE]`. Tool answers are `role: "tool"` with `tool_call_id`.
struct OpenAIWire: ModelWire {
    var path: String { "/v1/chat/completions" }

    static func message(_ message: ChatMessage) -> ToolValue {
        switch message {
        case .system(let text): return ["role": "system", "content": .string(text)]
        case .user(let text): return ["role": "user", "content": .string(text)]
        case .assistant(let text, let calls):
            var object: [String: ToolValue] = [
                "role": "assistant", "content": calls.isEmpty || !text.isEmpty ? .string(text) : .null,
            ]
            if !calls.isEmpty {
                object["tool_calls"] = .array(
                    calls.map { call in
                        // Arguments go back as the model sent them: a string stays that string.
                        let arguments = call.arguments.stringValue ?? call.arguments.jsonText
                        return [
                            "id": .string(call.id), "type": "function",
                            "function": ["name": .string(call.name), "arguments": .string(arguments)],
                        ]
                    })
            }
            return .object(object)
        case .tool(let id, _, let content):
            return ["role": "tool", "tool_call_id": .string(id), "content": .string(content)]
        }
    }

    func makeDecoder() -> any ReplyDecoder { Decoder() }

    struct Decoder: ReplyDecoder {
        private var text = ""
        /// Calls being assembled, by their `index`.
        private var calls: [Int: PartialCall] = [:]
        private var finishReason: String?
        private(set) var isComplete = false

        struct PartialCall {
            var id: String?
            var name = ""
            var arguments = ""
        }

        mutating func consume(line: String) throws(ModelServerError) -> String {
            // SSE: only `data:` fields matter here; comments (":"), `event:`, `id:` and the blank
            // lines between events carry nothing for a completion.
            guard line.hasPrefix("data:") else { return "" }
            let data = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if data == "[DONE]" {
                isComplete = true
                return ""
            }
            let chunk: ToolValue
            do { chunk = try ToolValue(jsonText: data) } catch {
                throw .malformed("an event of /v1/chat/completions is not JSON: \(data.prefix(200))")
            }
            if let error = chunk["error"] {
                throw .streamFailed(error["message"]?.stringValue ?? error.stringValue ?? error.jsonText)
            }
            guard let choice = chunk["choices"]?.arrayValue?.first else { return "" }
            if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
            let delta = choice["delta"]
            let piece = delta?["content"]?.stringValue ?? ""
            text += piece
            for (position, fragment) in (delta?["tool_calls"]?.arrayValue ?? []).enumerated() {
                let index: Int
                if case .int(let given)? = fragment["index"] { index = given } else { index = position }
                var call = calls[index] ?? PartialCall()
                if let id = fragment["id"]?.stringValue, !id.isEmpty { call.id = id }
                let function = fragment["function"]
                if let name = function?["name"]?.stringValue { call.name += name }
                switch function?["arguments"] {
                case .string(let part)?: call.arguments += part
                // Some servers send the whole object instead of a string fragment.
                case let value? where value != .null: call.arguments += value.jsonText
                default: break
                }
                calls[index] = call
            }
            return piece
        }

        func finish() throws(ModelServerError) -> ModelReply {
            guard isComplete || finishReason != nil else {
                throw .streamFailed("the stream ended before a finish_reason or [DONE]")
            }
            let assembled = calls.keys.sorted().map { index in
                let call = calls[index]!
                return ModelToolCall(
                    id: call.id ?? "call_\(index + 1)", name: call.name,
                    arguments: call.arguments.isEmpty ? .null : .string(call.arguments))
            }
            return ModelReply(text: text, toolCalls: assembled, finishReason: finishReason)
        }
    }
}
