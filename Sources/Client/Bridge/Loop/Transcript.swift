import AgentTools

/// The machine-readable record of a chat (`--json`): every prompt, reply, tool call, tool answer
/// and bridge notice in order, as JSON values. The API key never appears in it: it is not part of
/// any message, and server errors are redacted before they get here.
public struct Transcript: Sendable {
    public private(set) var events: [ToolValue] = []

    mutating func user(_ text: String) {
        events.append(["type": "user", "text": .string(text)])
    }

    mutating func assistant(_ reply: ModelReply) {
        var event: [String: ToolValue] = ["type": "assistant", "text": .string(reply.text)]
        event.set("finish_reason", reply.finishReason.map(ToolValue.string))
        events.append(.object(event))
    }

    mutating func toolCall(_ call: ModelToolCall) {
        events.append(["type": "tool_call", "id": .string(call.id), "name": .string(call.name), "arguments": call.arguments])
    }

    mutating func toolAnswer(_ call: ModelToolCall, _ answer: ToolAnswer) {
        var event: [String: ToolValue] = [
            "type": "tool_result", "id": .string(call.id), "name": .string(call.name),
            "is_error": .bool(answer.isError), "text": .string(answer.content),
        ]
        event.set("structured", answer.structured)
        event.set("refused_by_bridge", answer.refusedByBridge ? .bool(true) : nil)
        events.append(.object(event))
    }

    mutating func notice(_ text: String) {
        events.append(["type": "bridge", "text": .string(text)])
    }

    mutating func outcome(_ outcome: TurnOutcome, steps: Int) {
        var event: [String: ToolValue] = ["type": "outcome", "outcome": .string(outcome.code), "steps": .int(steps)]
        event.set("reason", outcome.reason.map(ToolValue.string))
        events.append(.object(event))
    }
}

extension Dictionary where Key == String, Value == ToolValue {
    mutating func set(_ key: String, _ value: ToolValue?) {
        if let value { self[key] = value }
    }
}
