import AgentTools
import Foundation

/// The bridge speaks JSON to the model server; the tools speak `ToolValue`. This is the one place
/// they meet. Decoding keeps whole numbers and decimals apart, as the tools' argument checks need.
extension ToolValue {
    /// Parses one JSON document; throws on anything that is not JSON.
    public init(json data: some DataProtocol) throws {
        self = try JSONDecoder().decode(JSONCodable.self, from: Data(data)).value
    }

    public init(jsonText: String) throws {
        try self.init(json: Data(jsonText.utf8))
    }

    /// Compact JSON with sorted keys, so equal values give equal text (the repeat check compares it).
    public var jsonData: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a tree of plain values cannot fail.
        return (try? encoder.encode(JSONCodable(self))) ?? Data("null".utf8)
    }

    /// The string inside `.string`; nil for anything else.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var arrayValue: [ToolValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }
}

/// Codable wrapper, so Foundation's JSON coders carry a `ToolValue` both ways.
struct JSONCodable: Codable {
    let value: ToolValue

    init(_ value: ToolValue) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let integer = try? container.decode(Int.self) {
            value = .int(integer)
        } else if let number = try? container.decode(Double.self) {
            value = .double(number)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let array = try? container.decode([JSONCodable].self) {
            value = .array(array.map(\.value))
        } else {
            value = .object(try container.decode([String: JSONCodable].self).mapValues(\.value))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let integer): try container.encode(integer)
        case .double(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let array): try container.encode(array.map(JSONCodable.init))
        case .object(let members): try container.encode(members.mapValues(JSONCodable.init))
        }
    }
}
