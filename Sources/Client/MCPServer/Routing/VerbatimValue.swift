import MCP

/// Decodes any JSON value into the SDK's `Value` exactly as written.
///
/// Why not `Value`'s own decoding: it runs every string through a data-URL regex that is compiled
/// anew for each string (most of a `tools/call`'s cost in SDK 0.12.1), and it turns a string that
/// happens to look like `data:…,…` into `.data`, so a command or path starting with `data:` would
/// arrive changed. Strings are tried first because nearly every argument is one.
struct VerbatimValue: Decodable, Sendable {
    let value: Value

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let integer = try? container.decode(Int.self) {
            value = .int(integer)
        } else if let number = try? container.decode(Double.self) {
            value = .double(number)
        } else if let array = try? container.decode([VerbatimValue].self) {
            value = .array(array.map(\.value))
        } else {
            value = .object(try container.decode([String: VerbatimValue].self).mapValues(\.value))
        }
    }
}
