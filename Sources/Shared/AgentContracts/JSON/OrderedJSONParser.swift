/// A strict RFC 8259 reader that says where a file is broken: "line 4, column 17: expected ','
/// or '}' after the member "port"" instead of "The given data was not valid JSON". It keeps key
/// order and number literals (see `OrderedJSON`), and refuses a key given twice in one object,
/// which would otherwise silently hide one of two entries for the same host.
public struct OrderedJSONParser {
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let problem: String

        public var description: String { "line \(line), column \(column): \(problem)" }
    }

    /// Deeper nesting than any configuration needs; bounds the recursion.
    static let maxDepth = 256

    private let bytes: [UInt8]
    private var index = 0

    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> OrderedJSON {
        var parser = OrderedJSONParser(bytes: bytes)
        // A UTF-8 byte-order mark is tolerated, as editors on some systems write one.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        if parser.index == bytes.count { throw parser.error("the file is empty; expected a JSON object") }
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.error("unexpected \(parser.describeCurrent()) after the end of the document")
        }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(SyntaxError) -> OrderedJSON {
        guard depth < Self.maxDepth else { throw error("nested more than \(Self.maxDepth) levels deep") }
        guard index < bytes.count else { throw error("unexpected end of the file; expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default:
            throw error("expected a value (an object, array, string, number, true, false or null), found \(describeCurrent())")
        }
    }

    private mutating func object(depth: Int) throws(SyntaxError) -> OrderedJSON {
        index += 1 // {
        var members: [OrderedJSON.Member] = []
        var keys = Set<String>()
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            return .object([])
        }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else {
                throw error(
                    members.isEmpty
                        ? "expected a key in double quotes or '}', found \(describeCurrent())"
                        : "expected a key in double quotes after ',', found \(describeCurrent()) (JSON allows no trailing comma)")
            }
            let keyStart = index
            let key = try string()
            if !keys.insert(key).inserted {
                throw error("the key \"\(key)\" appears twice in this object; keep one", at: keyStart)
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else {
                throw error("expected ':' after the key \"\(key)\", found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            members.append(.init(key, try value(depth: depth + 1)))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
                continue
            }
            if peek(UInt8(ascii: "}")) {
                index += 1
                return .object(members)
            }
            throw error("expected ',' or '}' after the value of \"\(key)\", found \(describeCurrent())")
        }
    }

    private mutating func array(depth: Int) throws(SyntaxError) -> OrderedJSON {
        index += 1 // [
        var items: [OrderedJSON] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            return .array([])
        }
        while true {
            skipWhitespace()
            if peek(UInt8(ascii: "]")) { throw error("expected a value after ',' (JSON allows no trailing comma)") }
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
                continue
            }
            if peek(UInt8(ascii: "]")) {
                index += 1
                return .array(items)
            }
            throw error("expected ',' or ']' in the array, found \(describeCurrent())")
        }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("expected a value, found \(describeCurrent()) (strings need double quotes)")
        }
        index += expected.count
    }

    private mutating func number() throws(SyntaxError) -> String {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        if peek(UInt8(ascii: "0")) {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error("a number may not start with 0 (write 8, not 08)", at: start)
            }
        } else if !digits() {
            throw error("expected digits in the number", at: start)
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            guard digits() else { throw error("expected digits after the decimal point") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard digits() else { throw error("expected digits in the exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func digits() -> Bool {
        let start = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        return index > start
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func string() throws(SyntaxError) -> String {
        let start = index
        index += 1 // "
        var scalars = String.UnicodeScalarView()
        var run = index // start of the current unescaped stretch
        let bytes = self.bytes
        func flush(_ end: Int) {
            scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard index < bytes.count else { throw error("the string has no closing double quote", at: start) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw error(
                    byte == 0x0A
                        ? "a line break inside a string (write \\n, or close the string)"
                        : "a control character inside a string (escape it)")
            }
            if byte == UInt8(ascii: "\\") {
                flush(index)
                scalars.append(try escape())
                run = index
                continue
            }
            index += 1
        }
    }

    /// After a backslash: one escaped character, surrogate pairs joined.
    private mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
        let start = index
        index += 1
        guard index < bytes.count else { throw error("unexpected end of the file in an escape", at: start) }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try hex4(escapeStart: start)
            if (0xD800...0xDBFF).contains(first) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error(
                        "a lone high surrogate \\u\(String(first, radix: 16, uppercase: true)) (its pair is missing)", at: start)
                }
                index += 2
                let second = try hex4(escapeStart: start)
                guard (0xDC00...0xDFFF).contains(second) else { throw error("an invalid surrogate pair", at: start) }
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(first) else { throw error("a lone low surrogate", at: start) }
            return scalar
        default:
            throw error("an unknown escape \\\(String(decoding: [letter], as: UTF8.self)) (use \\\\ for a backslash)", at: start)
        }
    }

    private mutating func hex4(escapeStart: Int) throws(SyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("\\u needs four hex digits", at: escapeStart) }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("\\u needs four hex digits", at: escapeStart)
            }
            value = value << 4 | digit
        }
        index += 4
        return value
    }

    // MARK: Position and messages

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(String(decoding: [byte], as: UTF8.self))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    private func error(_ problem: String, at offset: Int? = nil) -> SyntaxError {
        let position = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for (offset, byte) in bytes[..<position].enumerated() where byte == 0x0A {
            line += 1
            lineStart = offset + 1
        }
        // Columns count characters, not bytes, as editors show them.
        let column = String(decoding: bytes[lineStart..<position], as: UTF8.self).count + 1
        return SyntaxError(line: line, column: column, problem: problem)
    }
}
