#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small forward-only JSON reader over one line's bytes, for the audit query's hot loop: it reads
/// the few fields a query filters on and skips the rest (commands, messages) without building them.
/// Decoding every line into an `AuditRecord` with JSONDecoder took about 40 µs a line; only the
/// records that are shown are decoded in full.
///
/// Strict where it matters: a truncated or otherwise broken line makes a read fail (nil / false),
/// and the caller counts the line as malformed.
final class JSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        index = 0
    }

    /// Only blanks are left.
    var atEnd: Bool {
        skipSpace()
        return index == bytes.count
    }

    /// An object key as the bytes between its quotes, compared without building a String (this
    /// runs about fifteen times per line). A key with an escape in it matches no name.
    struct Key {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>?

        func `is`(_ name: StaticString) -> Bool {
            guard let bytes, bytes.count == name.utf8CodeUnitCount, let start = bytes.baseAddress else {
                return bytes?.count == 0 && name.utf8CodeUnitCount == 0
            }
            return memcmp(start, name.utf8Start, bytes.count) == 0
        }
    }

    /// Each member of an object: `body` gets the key and must read or skip the value.
    func members(_ body: (Key) -> Bool) -> Bool {
        guard consume(.openBrace) else { return false }
        if consume(.closeBrace) { return true }
        repeat {
            guard let key = key(), consume(.colon), body(key) else { return false }
        } while consume(.comma)
        return consume(.closeBrace)
    }

    private func key() -> Key? {
        skipSpace()
        guard index < bytes.count, bytes[index] == .quote else { return nil }
        let start = index + 1
        guard skipString() else { return nil }
        let span = UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)])
        return Key(bytes: span.contains(.backslash) ? nil : span)
    }

    /// Each element of an array: `body` must read or skip it.
    func elements(_ body: () -> Bool) -> Bool {
        guard consume(.openBracket) else { return false }
        if consume(.closeBracket) { return true }
        repeat {
            guard body() else { return false }
        } while consume(.comma)
        return consume(.closeBracket)
    }

    func string() -> String? {
        skipSpace()
        guard index < bytes.count, bytes[index] == .quote else { return nil }
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .quote {
                index += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
            }
            if byte == .backslash { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    func stringArray() -> [String]? {
        var values: [String] = []
        let complete = elements {
            guard let value = string() else { return false }
            values.append(value)
            return true
        }
        return complete ? values : nil
    }

    func number() -> Double? {
        skipSpace()
        let start = index
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        guard index > start else { return nil }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    /// `null` (consumed) or not.
    func null() -> Bool { literal("null") }

    /// Any value, unread.
    func skipValue() -> Bool {
        skipSpace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case .quote: return skipString()
        case .openBrace: return members { _ in skipValue() }
        case .openBracket: return elements { skipValue() }
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number() != nil
        }
    }

    // MARK: Internals

    private func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            index += 1
        }
    }

    private func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    private func skipString() -> Bool {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case .quote:
                index += 1
                return true
            case .backslash: index += 2
            case 0..<0x20: return false
            default: index += 1
            }
        }
        return false
    }

    /// The slow path of `string()`: the text from `start` has escapes.
    private func escapedString(from start: Int) -> String? {
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case .quote:
                return String(decoding: decoded, as: UTF8.self)
            case .backslash:
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case .quote, .backslash, UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hexQuad() else { return nil }
                    // A surrogate pair spells one scalar above U+FFFF.
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count,
                        bytes[index] == .backslash, bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        guard let low = hexQuad(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    decoded.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
                default: return nil
                }
            case 0..<0x20:
                return nil
            default:
                decoded.append(byte)
            }
        }
        return nil
    }

    private func hexQuad() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(bytes[index]) else { return nil }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}

extension UInt8 {
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let comma = UInt8(ascii: ",")
}
