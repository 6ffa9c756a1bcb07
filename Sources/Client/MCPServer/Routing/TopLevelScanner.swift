import Foundation

/// Walks JSON just far enough to read the members of the top-level object(s): nested values and
/// strings are skipped by depth and quote tracking, so a large result or a deeply nested request
/// costs no parse.
struct TopLevelScanner {
    /// What one top-level object says about itself.
    struct Envelope {
        /// The `id` member's value exactly as written, if there is one.
        var idToken: [UInt8]?
        var hasMethod = false
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// One envelope for an object, one per element for a batch array.
    mutating func envelopes() -> [Envelope] {
        skipWhitespace()
        guard index < bytes.count else { return [] }
        if bytes[index] == UInt8(ascii: "{") { return [object()] }
        guard bytes[index] == UInt8(ascii: "[") else { return [] }
        index += 1
        var found: [Envelope] = []
        while index < bytes.count {
            skipWhitespace()
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "{"): found.append(object())
            case UInt8(ascii: "]"): return found
            default: index += 1
            }
        }
        return found
    }

    /// At a "{": its "id" and whether it has a "method".
    private mutating func object() -> Envelope {
        index += 1
        var envelope = Envelope()
        while index < bytes.count {
            skipWhitespace()
            guard index < bytes.count else { break }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                break
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            // Not JSON (`{"id":5]`): stop rather than stand still on a byte no rule consumes.
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                break
            }
            let keyStart = index
            skipValue()
            let key = bytes[keyStart..<index]
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
            skipWhitespace()
            let valueStart = index
            skipValue()
            if index == keyStart { index += 1 } // whatever happens, move forward
            if key.elementsEqual(#""method""#.utf8) { envelope.hasMethod = true }
            if key.elementsEqual(#""id""#.utf8) { envelope.idToken = Array(bytes[valueStart..<index]) }
        }
        return envelope
    }

    /// Moves past one value: a string, a nested object or array, or a bare literal.
    private mutating func skipValue() {
        guard index < bytes.count else { return }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            index = min(index + 1, bytes.count)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    skipValue()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                index += 1
            } while depth > 0 && index < bytes.count
        default:
            while index < bytes.count, !",}] \n\t\r".utf8.contains(bytes[index]) { index += 1 }
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, " \n\t\r".utf8.contains(bytes[index]) { index += 1 }
    }
}

extension TopLevelScanner {
    static func envelopes(in bytes: some ContiguousBytes) -> [Envelope] {
        bytes.withUnsafeBytes { raw in
            var scanner = TopLevelScanner(bytes: raw.bindMemory(to: UInt8.self))
            return scanner.envelopes()
        }
    }
}
