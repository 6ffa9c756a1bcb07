/// A tool's arguments, declared once: the closed input schema clients and models see is built
/// from this, and a call is checked against the same names, so the two cannot drift apart.
public struct ToolInput: Sendable {
    /// Argument name → its JSON Schema.
    public let properties: [String: ToolValue]
    /// In the order the schema lists them.
    public let required: [String]

    public init(_ properties: [String: ToolValue] = [:], required: [String] = []) {
        self.properties = properties
        self.required = required
    }

    public var argumentNames: Set<String> { Set(properties.keys) }

    /// Closed (`additionalProperties: false`): an argument the tool does not declare is refused.
    public var schema: ToolValue {
        var schema: [String: ToolValue] = [
            "type": "object", "properties": .object(properties), "additionalProperties": false,
        ]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return .object(schema)
    }
}
