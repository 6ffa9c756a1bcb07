/// A JSON value as tools take it (arguments) and give it (schemas, structured output), owned by
/// no protocol: the MCP server and a local-model bridge each convert it to their own type.
///
/// Why not `HostConfiguration.JSONValue`: that one has a single `number` case, while a tool needs
/// whole numbers and decimals apart ("duration_ms": 12.0 is a decimal, "port": 22 an integer),
/// both on the wire and in its argument checks.
public enum ToolValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ToolValue])
    case object([String: ToolValue])

    /// The members of an object; nil for anything else.
    public var objectValue: [String: ToolValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public subscript(key: String) -> ToolValue? {
        objectValue?[key]
    }
}

/// Argument errors quote the value they got ("must be a string, got 5"), so this rendering is wire
/// output: it is kept exactly as the MCP SDK (0.12.1) renders its `Value`, whose description the
/// messages used before (null as nothing, strings without quotes, containers as Swift prints them).
/// Deliberately not `CustomDebugStringConvertible`: an array prints its elements with that.
extension ToolValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: ""
        case .bool(let value): value.description
        case .int(let value): value.description
        case .double(let value): value.description
        case .string(let value): value
        case .array(let value): value.description
        case .object(let value): value.description
        }
    }
}

extension ToolValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ToolValue...) { self = .array(elements) }

    public init(dictionaryLiteral elements: (String, ToolValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
