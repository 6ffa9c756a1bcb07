/// A word as scanned, with where an assignment's value starts (`NAME=value`), if it is one.
struct ScannedWord {
    var word: Word
    var assignmentSplit: Int?
}

/// Word scanning: quotes, escapes, expansions and substitutions, with quote removal.
extension ShellParser {
    mutating func readWord() throws -> ScannedWord {
        var word = Word()
        var text: [UInt8] = []
        var assignmentSplit: Int?
        var identifierSoFar = true // every byte so far is an unquoted identifier byte
        let start = index

        if index + 1 < bytes.count, bytes[index] == .less || bytes[index] == .greater, bytes[index + 1] == .openParen {
            index += 2
            let script = try nested { try $0.parseScript(until: [")"]) }
            try expect(")")
            word.substitutions.append(script)
            word.isProcessSubstitution = true
            word.isStatic = false
            word.startsWithExpansion = true
            word.hasCommandSubstitution = true
            word.text = String(decoding: bytes[start..<index], as: UTF8.self)
            return ScannedWord(word: word)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if isWordDelimiter(byte) { break }
            let atStart = text.isEmpty && index == start
            switch byte {
            case .singleQuote:
                identifierSoFar = false
                index += 1
                let open = index
                while index < bytes.count, bytes[index] != .singleQuote { index += 1 }
                guard index < bytes.count else { throw ParseFailure(message: "unterminated single quote") }
                text.append(contentsOf: bytes[open..<index])
                index += 1
            case .doubleQuote:
                identifierSoFar = false
                index += 1
                try readDoubleQuoted(into: &text, word: &word, atStart: atStart)
            case .backslash:
                identifierSoFar = false
                if peek(1) == .newline {
                    index += 2
                } else if index + 1 < bytes.count {
                    text.append(bytes[index + 1])
                    index += 2
                } else {
                    index += 1
                }
            case .dollar:
                identifierSoFar = false
                try readDollar(into: &text, word: &word, atStart: atStart, quoted: false)
            case .backtick:
                identifierSoFar = false
                if atStart { word.startsWithExpansion = true }
                let script = try readBacktick()
                word.substitutions.append(script)
                word.isStatic = false
                word.hasCommandSubstitution = true
                text.append(contentsOf: "$(…)".utf8)
            case .equals where identifierSoFar && assignmentSplit == nil && !text.isEmpty:
                text.append(byte)
                assignmentSplit = text.count
                index += 1
            case .plus where identifierSoFar && assignmentSplit == nil && peek(1) == .equals && !text.isEmpty:
                text.append(byte)
                index += 1
            case .star, .question, .openBracket:
                identifierSoFar = false
                word.hasUnquotedGlob = true
                if assignmentSplit == nil { word.isStatic = false }
                text.append(byte)
                index += 1
            default:
                if identifierSoFar && assignmentSplit == nil {
                    identifierSoFar = text.isEmpty ? byte.isIdentifierHead : byte.isIdentifierBody
                }
                if byte == .openBrace { word.hasUnquotedBrace = true }
                text.append(byte)
                index += 1
            }
        }
        guard index > start else { throw ParseFailure(message: "expected a word but found \(describeHere())") }
        word.text = String(decoding: text, as: UTF8.self)
        return ScannedWord(word: word, assignmentSplit: assignmentSplit)
    }

    private mutating func readDoubleQuoted(into text: inout [UInt8], word: inout Word, atStart: Bool) throws {
        var first = true
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case .doubleQuote:
                index += 1
                return
            case .backslash:
                if let next = peek(1), next == .dollar || next == .backtick || next == .doubleQuote || next == .backslash {
                    text.append(next)
                    index += 2
                } else if peek(1) == .newline {
                    index += 2
                } else {
                    text.append(byte)
                    index += 1
                }
            case .dollar:
                try readDollar(into: &text, word: &word, atStart: atStart && first, quoted: true)
            case .backtick:
                if atStart && first { word.startsWithExpansion = true }
                word.substitutions.append(try readBacktick())
                word.isStatic = false
                word.hasCommandSubstitution = true
                text.append(contentsOf: "$(…)".utf8)
            default:
                text.append(byte)
                index += 1
            }
            first = false
        }
        throw ParseFailure(message: "unterminated double quote")
    }

    /// `$…` in all its forms. Only `$'…'` yields a known value; the rest is kept as written and
    /// marks the word dynamic.
    private mutating func readDollar(into text: inout [UInt8], word: inout Word, atStart: Bool, quoted: Bool) throws {
        let start = index
        guard let next = peek(1) else {
            text.append(.dollar)
            index += 1
            return
        }
        if next == .singleQuote, !quoted {
            index += 2
            try readANSICString(into: &text)
            return
        }
        if next == .doubleQuote, !quoted {
            index += 2
            try readDoubleQuoted(into: &text, word: &word, atStart: atStart)
            return
        }
        if next == .openParen {
            if atStart { word.startsWithExpansion = true }
            word.isStatic = false
            if peek(2) == .openParen {
                index += 3
                word.substitutions += try parseArithmetic(closing: 2)
                text.append(contentsOf: bytes[start..<index])
                return
            }
            index += 2
            let script = try nested { try $0.parseScript(until: [")"]) }
            try expect(")")
            word.substitutions.append(script)
            word.hasCommandSubstitution = true
            text.append(contentsOf: "$(…)".utf8)
            return
        }
        if next == .openBrace {
            if atStart { word.startsWithExpansion = true }
            word.isStatic = false
            index += 2
            var level = 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == .dollar, peek(1) == .openParen {
                    var inner = Word()
                    var ignored: [UInt8] = []
                    try readDollar(into: &ignored, word: &inner, atStart: false, quoted: true)
                    word.substitutions += inner.substitutions
                    word.hasCommandSubstitution = word.hasCommandSubstitution || inner.hasCommandSubstitution
                    continue
                }
                if byte == .backtick {
                    word.substitutions.append(try readBacktick())
                    word.hasCommandSubstitution = true
                    continue
                }
                if byte == .backslash {
                    index += 2
                    continue
                }
                if byte == .singleQuote, !quoted {
                    index += 1
                    while index < bytes.count, bytes[index] != .singleQuote { index += 1 }
                }
                if byte == .openBrace { level += 1 }
                if byte == .closeBrace {
                    level -= 1
                    if level == 0 {
                        index += 1
                        break
                    }
                }
                index += 1
            }
            guard level == 0 else { throw ParseFailure(message: "unterminated ${…}") }
            text.append(contentsOf: bytes[start..<index])
            return
        }
        if next.isIdentifierHead || next.isDigit || "@*#?$!-".utf8.contains(next) {
            if atStart { word.startsWithExpansion = true }
            word.isStatic = false
            index += 2
            if next.isIdentifierHead {
                while index < bytes.count, bytes[index].isIdentifierBody { index += 1 }
            }
            text.append(contentsOf: bytes[start..<index])
            return
        }
        text.append(.dollar)
        index += 1
    }

    /// `$'…'`: backslash escapes decoded, as bash does.
    private mutating func readANSICString(into text: inout [UInt8]) throws {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .singleQuote {
                index += 1
                return
            }
            guard byte == .backslash, let escaped = peek(1) else {
                text.append(byte)
                index += 1
                continue
            }
            index += 2
            switch escaped {
            case UInt8(ascii: "n"): text.append(.newline)
            case UInt8(ascii: "t"): text.append(.tab)
            case UInt8(ascii: "r"): text.append(.carriageReturn)
            case UInt8(ascii: "a"): text.append(7)
            case UInt8(ascii: "b"): text.append(8)
            case UInt8(ascii: "e"), UInt8(ascii: "E"): text.append(27)
            case UInt8(ascii: "f"): text.append(12)
            case UInt8(ascii: "v"): text.append(11)
            case UInt8(ascii: "x"):
                var value = 0
                var digits = 0
                while digits < 2, index < bytes.count, let digit = Self.hexValue(bytes[index]) {
                    value = value * 16 + digit
                    digits += 1
                    index += 1
                }
                text.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escaped - 0x30)
                var digits = 1
                while digits < 3, index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x37 {
                    value = value * 8 + Int(bytes[index] - 0x30)
                    digits += 1
                    index += 1
                }
                text.append(UInt8(truncatingIfNeeded: value))
            default:
                text.append(escaped)
            }
        }
        throw ParseFailure(message: "unterminated $'…' string")
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        default: return nil
        }
    }

    /// `` `…` ``: the old form of command substitution; its text (with `\``, `\\`, `\$` unescaped) is
    /// parsed as a script of its own.
    mutating func readBacktick() throws -> Script {
        index += 1
        var inner: [UInt8] = []
        while index < bytes.count, bytes[index] != .backtick {
            if bytes[index] == .backslash, let next = peek(1), next == .backtick || next == .backslash || next == .dollar {
                inner.append(next)
                index += 2
                continue
            }
            inner.append(bytes[index])
            index += 1
        }
        guard index < bytes.count else { throw ParseFailure(message: "unterminated backtick") }
        index += 1
        guard depth < Self.maximumDepth else { throw ParseFailure(message: "nesting deeper than \(Self.maximumDepth) levels") }
        var parser = ShellParser(bytes: inner[...], depth: depth + 1)
        return try parser.parseAll()
    }

    /// The command substitutions in text that the shell expands (an unquoted heredoc body).
    func substitutions(inText text: [UInt8]) throws -> [Script] {
        guard text.contains(.dollar) || text.contains(.backtick) else { return [] }
        var parser = ShellParser(bytes: text[...], depth: depth + 1)
        var scripts: [Script] = []
        while parser.index < parser.bytes.count {
            let byte = parser.bytes[parser.index]
            if byte == .dollar, parser.peek(1) == .openParen || parser.peek(1) == .openBrace {
                var word = Word()
                var ignored: [UInt8] = []
                try parser.readDollar(into: &ignored, word: &word, atStart: false, quoted: true)
                scripts += word.substitutions
            } else if byte == .backtick {
                scripts.append(try parser.readBacktick())
            } else if byte == .backslash {
                parser.index += 2
            } else {
                parser.index += 1
            }
        }
        return scripts
    }
}
