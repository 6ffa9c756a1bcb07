import Foundation
import MCP

/// A JSON-RPC request id as exact bytes, for matching a request with its response.
///
/// Why not `ID` or `String` as the key: Swift compares strings by canonical equivalence, so the ids
/// "é" and "e\u{301}" would be one request; and reading a response's id back through
/// `JSONSerialization` goes via `Double`, which rounds integers beyond 2^53. Here a string id is its
/// UTF-8 bytes and a number is its decimal digits.
struct RequestKey: Hashable, Sendable {
    private let bytes: [UInt8]

    init(_ id: ID) {
        switch id {
        case .string(let text): bytes = [UInt8(ascii: "s")] + Array(text.utf8)
        case .number(let number): bytes = [UInt8(ascii: "n")] + Array(String(number).utf8)
        }
    }

    /// From an id as written in JSON (a string literal or an integer); nil for anything else,
    /// which cannot identify a request.
    init?(token: [UInt8]) {
        guard let id = Self.id(token: token) else { return nil }
        self.init(id)
    }

    /// The id an id token stands for: a JSON string, or an integer that fits `Int`.
    static func id(token: [UInt8]) -> ID? {
        guard let first = token.first else { return nil }
        if first == UInt8(ascii: "\"") {
            return (try? JSONDecoder().decode(String.self, from: Data(token))).map(ID.string)
        }
        // A JSON integer: no leading zeros (`01` is not JSON), no fraction or exponent.
        let text = String(decoding: token, as: UTF8.self)
        let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
        guard !(digits.count > 1 && digits.hasPrefix("0")), let number = Int(text) else { return nil }
        return .number(number)
    }

    /// The id of a message as `JSONSerialization` read it: a string, or an integer (never a
    /// boolean, which `JSONSerialization` also gives as a number, and never a fraction).
    static func id(jsonObject value: Any?) -> ID? {
        if let text = value as? String { return .string(text) }
        guard let number = value as? NSNumber else { return nil }
        let type = String(cString: number.objCType)
        guard type != "c", type != "d", type != "f", type != "B" else { return nil }
        // Unsigned beyond Int64 (`9223372036854775808`) would wrap: not an id this server can echo.
        if type == "Q", number.uint64Value > UInt64(Int64.max) { return nil }
        return Int(exactly: number.int64Value).map(ID.number)
    }
}
