/// Byte-level scanning: blanks, newlines (with heredoc bodies skipped), lookahead of reserved words,
/// redirections and heredocs.
extension UInt8 {
    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let semicolon = UInt8(ascii: ";"), ampersand = UInt8(ascii: "&"), pipe = UInt8(ascii: "|")
    static let openParen = UInt8(ascii: "("), closeParen = UInt8(ascii: ")")
    static let less = UInt8(ascii: "<"), greater = UInt8(ascii: ">")
    static let singleQuote = UInt8(ascii: "'"), doubleQuote = UInt8(ascii: "\""), backtick = UInt8(ascii: "`")
    static let backslash = UInt8(ascii: "\\"), dollar = UInt8(ascii: "$"), hash = UInt8(ascii: "#")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}"), equals = UInt8(ascii: "=")
    static let plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), star = UInt8(ascii: "*")
    static let question = UInt8(ascii: "?"), openBracket = UInt8(ascii: "["), tilde = UInt8(ascii: "~")
    static let underscore = UInt8(ascii: "_")

    var isBlank: Bool { self == .space || self == .tab || self == .carriageReturn }
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isIdentifierHead: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A || self == .underscore }
    var isIdentifierBody: Bool { isIdentifierHead || isDigit }
}

extension ShellParser {
    func peek(_ offset: Int) -> UInt8? {
        let position = index + offset
        return position < bytes.count ? bytes[position] : nil
    }

    func isOperatorStart(_ byte: UInt8) -> Bool {
        byte == .semicolon || byte == .ampersand || byte == .pipe || byte == .openParen
            || byte == .closeParen || byte == .less || byte == .greater
    }

    func isWordDelimiter(_ byte: UInt8) -> Bool {
        byte.isBlank || byte == .newline || isOperatorStart(byte)
    }

    mutating func skipBlanks() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte.isBlank {
                index += 1
            } else if byte == .backslash, peek(1) == .newline {
                index += 2 // line continuation
            } else {
                return
            }
        }
    }

    mutating func skipBlanksAndNewlines() {
        while index < bytes.count {
            skipBlanks()
            guard index < bytes.count else { return }
            if bytes[index] == .newline {
                consumeNewline()
            } else if bytes[index] == .hash {
                skipComment()
            } else {
                return
            }
        }
    }

    /// Consumes a newline and, when heredoc bodies start after it, jumps past them.
    mutating func consumeNewline() {
        index += 1
        if let end = heredocSkips[index] {
            index = end
            nextHeredocStart = nil
        }
    }

    mutating func skipComment() {
        while index < bytes.count, bytes[index] != .newline { index += 1 }
    }

    /// The plain word at the current position, if it is one (used to spot reserved words).
    func wordAhead() -> String? {
        var end = index
        while end < bytes.count {
            let byte = bytes[end]
            if isWordDelimiter(byte) { break }
            if byte == .singleQuote || byte == .doubleQuote || byte == .backslash || byte == .dollar || byte == .backtick {
                return nil
            }
            end += 1
        }
        guard end > index, end - index <= 8 else { return nil }
        return String(decoding: bytes[index..<end], as: UTF8.self)
    }

    func atTerminator(_ terminators: NameSet) -> Bool {
        guard index < bytes.count, !terminators.isEmpty else { return false }
        if bytes[index] == .closeParen { return terminators.contains(")") }
        if bytes[index] == .semicolon, peek(1) == .semicolon || peek(1) == .ampersand { return terminators.contains(";;") }
        if let word = wordAhead() { return terminators.contains(word) }
        return false
    }

    mutating func expect(_ text: String) throws {
        skipBlanksAndNewlines()
        let expected = Array(text.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw ParseFailure(message: "expected '\(text)' but found \(describeHere())")
        }
        index += expected.count
    }

    mutating func expectWord(_ word: String) throws {
        skipBlanksAndNewlines()
        guard wordAhead() == word else {
            throw ParseFailure(message: "expected '\(word)' but found \(describeHere())")
        }
        index += word.utf8.count
    }

    func describeHere() -> String {
        guard index < bytes.count else { return "end of input" }
        let end = min(bytes.count, index + 12)
        return "'\(String(decoding: bytes[index..<end], as: UTF8.self))' at offset \(index)"
    }

    // MARK: Redirections

    mutating func parseRedirectIfPresent() throws -> Redirect? {
        let start = index
        var position = index
        var descriptor: Int?
        while position < bytes.count, bytes[position].isDigit, position - index < 4 { position += 1 }
        if position > index, position < bytes.count, bytes[position] == .less || bytes[position] == .greater {
            descriptor = Int(String(decoding: bytes[index..<position], as: UTF8.self))
        } else {
            position = index
        }
        guard position < bytes.count else { return nil }
        let first = bytes[position]
        let second = position + 1 < bytes.count ? bytes[position + 1] : nil
        let third = position + 2 < bytes.count ? bytes[position + 2] : nil
        let op: RedirectOperator
        var length = 1
        var stripTabs = false
        switch first {
        case .ampersand where second == .greater && descriptor == nil:
            op = .outputAll
            length = third == .greater ? 3 : 2
        case .less:
            switch second {
            case .less where third == .less:
                op = .hereString
                length = 3
            case .less where third == .minus:
                op = .heredoc
                length = 3
                stripTabs = true
            case .less:
                op = .heredoc
                length = 2
            case .greater:
                op = .readWrite
                length = 2
            case .ampersand:
                op = .duplicateInput
                length = 2
            case .openParen: return nil // process substitution, a word
            default: op = .input
            }
        case .greater:
            switch second {
            case .greater:
                op = .append
                length = 2
            case .pipe:
                op = .output
                length = 2
            case .ampersand:
                op = .duplicateOutput
                length = 2
            case .openParen: return nil
            default: op = .output
            }
        default:
            index = start
            return nil
        }
        index = position + length
        skipBlanks()
        // `done < <(git ls-files)`: the target is a process substitution, itself a word.
        let processSubstitution =
            index + 1 < bytes.count && (bytes[index] == .less || bytes[index] == .greater) && bytes[index + 1] == .openParen
        guard index < bytes.count,
            !isWordDelimiter(bytes[index]) || (op == .hereString && bytes[index] != .newline) || processSubstitution
        else {
            throw ParseFailure(message: "redirection without a target")
        }
        if op == .heredoc {
            return try readHeredoc(descriptor: descriptor, stripTabs: stripTabs)
        }
        let target = try readWord().word
        return Redirect(fileDescriptor: descriptor, op: op, target: target)
    }

    private mutating func readHeredoc(descriptor: Int?, stripTabs: Bool) throws -> Redirect {
        let delimiterStart = index
        let delimiterWord = try readWord().word
        let rawDelimiter = bytes[delimiterStart..<index]
        let quoted =
            rawDelimiter.contains(.singleQuote) || rawDelimiter.contains(.doubleQuote) || rawDelimiter.contains(.backslash)
        let delimiter = Array(delimiterWord.text.utf8)

        // The body starts after the end of the current line, or after a previous heredoc's body.
        var regionStart: Int
        if let pending = nextHeredocStart {
            regionStart = pending
        } else {
            var scan = index
            while scan < bytes.count, bytes[scan] != .newline { scan += 1 }
            regionStart = min(scan + 1, bytes.count)
        }
        let bodyStart = regionStart
        var lineStart = bodyStart
        var body: [UInt8] = []
        var end = bytes.count
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != .newline { lineEnd += 1 }
            var contentStart = lineStart
            if stripTabs { while contentStart < lineEnd, bytes[contentStart] == .tab { contentStart += 1 } }
            if bytes[contentStart..<lineEnd].elementsEqual(delimiter) {
                end = min(lineEnd + 1, bytes.count)
                break
            }
            body.append(contentsOf: bytes[contentStart..<lineEnd])
            body.append(.newline)
            lineStart = lineEnd + 1
        }
        // Find the newline offset that leads into this run of bodies, and skip to `end` from it.
        let firstBodyStart = heredocSkips.first(where: { $0.value == bodyStart })?.key ?? bodyStart
        heredocSkips[firstBodyStart] = end
        nextHeredocStart = end
        var target = Word(text: String(decoding: body, as: UTF8.self))
        if !quoted {
            target.substitutions = try substitutions(inText: body)
            target.isStatic = !body.contains(.dollar) && !body.contains(.backtick)
        }
        var redirect = Redirect(fileDescriptor: descriptor, op: .heredoc, target: target)
        redirect.heredocBody = target.text
        redirect.heredocQuoted = quoted
        return redirect
    }
}
