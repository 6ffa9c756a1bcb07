#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One JSON encoding for everything that crosses the wire or lands in the audit trail: one line,
/// keys sorted (stable for diffs and tests), `/` unescaped, snake_case from the coding keys.
enum EnforcerJSON {
    static func line<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain value types cannot fail; a failure would be a programming error.
        guard let data = try? encoder.encode(value) else { preconditionFailure("unencodable \(T.self)") }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: some StringProtocol) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
