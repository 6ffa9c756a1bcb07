import AgentTools
import MCP

extension ToolValue {
    /// A call's argument as the SDK's `Value`. The SDK's own decoding turns strings that look like
    /// `data:` URLs into `.data`; a tool wants the text back, so it gets the URL as written.
    init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .data: self = .string(value.description)
        case .array(let elements): self = .array(elements.map(ToolValue.init))
        case .object(let members): self = .object(members.mapValues(ToolValue.init))
        }
    }
}

extension Value {
    /// A schema or structured output for the wire.
    init(_ value: ToolValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(Value.init))
        case .object(let members): self = .object(members.mapValues(Value.init))
        }
    }
}
