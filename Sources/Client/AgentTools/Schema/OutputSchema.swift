import AgentPolicy

/// Building blocks of the tools' output schemas (JSON Schema). Clients validate structured output
/// against these, so every field an output can carry is declared.
enum OutputSchema {
    static let string: ToolValue = ["type": "string"]
    static let integer: ToolValue = ["type": "integer"]
    static let number: ToolValue = ["type": "number"]
    static let boolean: ToolValue = ["type": "boolean"]
    static let mode: ToolValue = ["type": "string", "enum": .array(PolicyMode.allCases.map { .string($0.rawValue) })]
    static let decision: ToolValue = ["type": "string", "enum": ["allow", "needs_confirmation", "block"]]
    static let reason: ToolValue = object(["rule": string, "message": string, "decision": decision])
    static let verdict: ToolValue = object(["decision": decision, "reasons": array(reason)])

    /// An object schema; every property is required unless `required` says otherwise.
    static func object(_ properties: [String: ToolValue], required: [String]? = nil) -> ToolValue {
        [
            "type": "object",
            "properties": .object(properties),
            "required": .array((required ?? properties.keys.sorted()).map { .string($0) }),
        ]
    }

    static func array(_ items: ToolValue) -> ToolValue {
        ["type": "array", "items": items]
    }
}
