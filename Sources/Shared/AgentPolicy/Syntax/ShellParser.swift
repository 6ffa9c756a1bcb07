/// A hand-written recursive-descent parser for POSIX sh plus the bash forms agents send. It reads
/// UTF-8 bytes once from left to right (linear time, no regular expressions), never recurses deeper
/// than `maximumDepth`, and reports anything it does not understand as a `ParseFailure` so the
/// policy can fail closed.
struct ShellParser {
    static let maximumDepth = 48

    var bytes: [UInt8]
    var index = 0
    let depth: Int
    /// Heredoc bodies are read ahead when their operator is seen; when the scanner later reaches
    /// the newline that starts a body, it jumps over it. Key: offset after that newline.
    var heredocSkips: [Int: Int] = [:]
    /// Where the next heredoc body on the current line starts (after a previous one's terminator).
    var nextHeredocStart: Int?

    init(_ text: String, depth: Int = 0) {
        self.bytes = Array(text.utf8)
        self.depth = depth
    }

    init(bytes: ArraySlice<UInt8>, depth: Int) {
        self.bytes = Array(bytes)
        self.depth = depth
    }

    static func parse(_ text: String) -> Result<Script, ParseFailure> {
        var parser = ShellParser(text)
        do {
            return .success(try parser.parseAll())
        } catch let failure as ParseFailure {
            return .failure(failure)
        } catch {
            return .failure(ParseFailure(message: "\(error)"))
        }
    }

    mutating func parseAll() throws -> Script {
        guard depth <= Self.maximumDepth else {
            throw ParseFailure(message: "nesting deeper than \(Self.maximumDepth) levels")
        }
        let script = try parseScript(until: [])
        skipBlanksAndNewlines()
        guard index >= bytes.count else {
            throw ParseFailure(message: "unexpected \(describeHere())")
        }
        return script
    }

    // MARK: Lists

    /// Parses commands until end of input or one of `terminators` (a reserved word or `)`), which
    /// is left unconsumed.
    mutating func parseScript(until terminators: NameSet) throws -> Script {
        var script = Script()
        while true {
            skipBlanksAndNewlines()
            if index >= bytes.count || atTerminator(terminators) { return script }
            var pipeline = try parsePipeline(terminators)
            skipBlanks()
            guard index < bytes.count else {
                script.pipelines.append(pipeline)
                return script
            }
            let byte = bytes[index]
            if byte == .semicolon {
                if peek(1) == .semicolon || peek(1) == .ampersand {
                    // `;;`, `;&`: only valid as case-item terminators.
                    script.pipelines.append(pipeline)
                    guard terminators.contains(";;") else {
                        throw ParseFailure(message: "unexpected ';;' outside a case statement")
                    }
                    return script
                }
                index += 1
            } else if byte == .ampersand, peek(1) != .ampersand {
                pipeline.background = true
                index += 1
            } else if byte == .ampersand || (byte == .pipe && peek(1) == .pipe) {
                index += 2
                skipBlanksAndNewlines()
                guard index < bytes.count, !atTerminator(terminators) else {
                    throw ParseFailure(message: "'&&' or '||' without a command after it")
                }
            } else if byte == .newline {
                consumeNewline()
            } else if !atTerminator(terminators) {
                throw ParseFailure(message: "unexpected \(describeHere())")
            }
            script.pipelines.append(pipeline)
        }
    }

    mutating func parsePipeline(_ terminators: NameSet) throws -> Pipeline {
        var pipeline = Pipeline()
        skipBlanks()
        while wordAhead() == "!" {
            index += 1
            skipBlanks()
        }
        skipTimeBeforeCompound()
        pipeline.commands.append(try parseCommand(terminators))
        while true {
            skipBlanks()
            guard index < bytes.count, bytes[index] == .pipe, peek(1) != .pipe else { return pipeline }
            index += peek(1) == .ampersand ? 2 : 1
            skipBlanksAndNewlines()
            guard index < bytes.count, !atTerminator(terminators),
                !isOperatorStart(bytes[index]) || bytes[index] == .openParen
                    || bytes[index] == .less || bytes[index] == .greater
            else {
                throw ParseFailure(message: "'|' without a command after it")
            }
            pipeline.commands.append(try parseCommand(terminators))
        }
    }

    /// `time [-p]` is bash's reserved word before a pipeline. Before a simple command it stays the
    /// command's first word, and Wrappers see through it (`time rm x` is judged as `rm x`; dash runs
    /// /usr/bin/time the same way). Before what only the reserved word can time (`!`, a group, a
    /// subshell, a compound command) it is skipped, so that that pipeline is parsed and judged:
    /// bash runs the `rm` in `time ! rm -rf /etc` and in `time { rm -rf /etc; }`.
    mutating func skipTimeBeforeCompound() {
        guard wordAhead() == "time" else { return }
        let start = index
        index += 4
        skipBlanks()
        if wordAhead() == "-p" {
            index += 2
            skipBlanks()
        }
        let compoundStarts: NameSet = ["!", "{", "if", "while", "until", "for", "select", "case", "[[", "function"]
        guard index < bytes.count, bytes[index] == .openParen || compoundStarts.contains(wordAhead() ?? "") else {
            index = start
            return
        }
        while wordAhead() == "!" {
            index += 1
            skipBlanks()
        }
    }

    // MARK: Commands

    mutating func parseCommand(_ terminators: NameSet) throws -> Command {
        skipBlanks()
        guard index < bytes.count else { throw ParseFailure(message: "missing command") }
        if bytes[index] == .openParen {
            if peek(1) == .openParen {
                index += 2
                let inner = try parseArithmetic(closing: 2)
                return .compound(inner, redirects: try parseTrailingRedirects())
            }
            index += 1
            let body = try nested { try $0.parseScript(until: [")"]) }
            try expect(")")
            return .compound([body], redirects: try parseTrailingRedirects())
        }
        switch wordAhead() {
        case "{":
            index += 1
            let body = try nested { try $0.parseScript(until: ["}"]) }
            try expectWord("}")
            return .compound([body], redirects: try parseTrailingRedirects())
        case "if": return try parseIf()
        case "while", "until": return try parseLoop()
        case "for", "select": return try parseFor()
        case "case": return try parseCase()
        case "function": return try parseFunctionKeyword()
        case "[[": return try parseDoubleBracket()
        case "}", "then", "do", "done", "fi", "else", "elif", "esac", "in":
            throw ParseFailure(message: "unexpected '\(wordAhead() ?? "")'")
        default:
            return try parseSimpleCommand()
        }
    }

    mutating func parseSimpleCommand() throws -> Command {
        var command = SimpleCommand()
        while true {
            skipBlanks()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == .less || byte == .greater, peek(1) == .openParen {
                command.words.append(try readWord().word)
                continue
            }
            if let redirect = try parseRedirectIfPresent() {
                command.redirects.append(redirect)
                continue
            }
            if isOperatorStart(byte) || byte == .newline { break }
            if byte == .hash {
                skipComment()
                break
            }
            let word = try readWord()
            if command.words.isEmpty, let split = word.assignmentSplit {
                command.assignments.append(try assignment(word, split: split))
                continue
            }
            command.words.append(word.word)
            if command.words.count == 1 {
                // `name () compound`: a function definition.
                let save = index
                skipBlanks()
                if index < bytes.count, bytes[index] == .openParen, peek(1) != .openParen {
                    index += 1
                    skipBlanks()
                    if index < bytes.count, bytes[index] == .closeParen {
                        index += 1
                        skipBlanksAndNewlines()
                        return .functionDefinition(name: word.word.text, body: try parseFunctionBody())
                    }
                    throw ParseFailure(message: "unexpected '(' after '\(word.word.text)'")
                }
                index = save
            }
        }
        guard !command.words.isEmpty || !command.assignments.isEmpty || !command.redirects.isEmpty else {
            throw ParseFailure(message: "missing command before \(describeHere())")
        }
        return .simple(command)
    }

    private mutating func assignment(_ word: ScannedWord, split: Int) throws -> (name: String, value: Word) {
        let characters = Array(word.word.text.utf8)
        var nameEnd = split - 1
        if nameEnd > 0, characters[nameEnd - 1] == .plus { nameEnd -= 1 }
        let name = String(decoding: characters[0..<nameEnd], as: UTF8.self)
        var value = word.word
        value.text = String(decoding: characters[split...], as: UTF8.self)
        value.startsWithExpansion = value.text.first == "$" || value.text.first == "`"
        // `NAME=( a b c )`: an array assignment.
        if value.text.isEmpty, index < bytes.count, bytes[index] == .openParen {
            index += 1
            while true {
                skipBlanksAndNewlines()
                guard index < bytes.count else { throw ParseFailure(message: "unterminated array assignment") }
                if bytes[index] == .closeParen {
                    index += 1
                    break
                }
                let element = try readWord().word
                value.text += (value.text.isEmpty ? "" : " ") + element.text
                value.isStatic = value.isStatic && element.isStatic
                value.hasCommandSubstitution = value.hasCommandSubstitution || element.hasCommandSubstitution
                value.substitutions += element.substitutions
            }
        }
        return (name, value)
    }

    mutating func parseFunctionBody() throws -> Command {
        skipBlanksAndNewlines()
        guard index < bytes.count else { throw ParseFailure(message: "function without a body") }
        let ahead = wordAhead()
        guard bytes[index] == .openParen || ["{", "if", "while", "until", "for", "case", "[["].contains(ahead ?? "") else {
            throw ParseFailure(message: "a function body must be a compound command ({ …; }, ( … ), if, for, while, case)")
        }
        return try parseCommand([])
    }

    mutating func parseFunctionKeyword() throws -> Command {
        index += "function".utf8.count
        skipBlanks()
        let name = try readWord().word.text
        skipBlanks()
        if index + 1 < bytes.count, bytes[index] == .openParen, bytes[index + 1] == .closeParen { index += 2 }
        return .functionDefinition(name: name, body: try parseFunctionBody())
    }

    mutating func parseTrailingRedirects() throws -> [Redirect] {
        var redirects: [Redirect] = []
        while true {
            skipBlanks()
            guard let redirect = try parseRedirectIfPresent() else { return redirects }
            redirects.append(redirect)
        }
    }

    // MARK: Helpers

    /// Runs `body` on a parser one level deeper over the same input, then takes over its position.
    mutating func nested<T>(_ body: (inout ShellParser) throws -> T) throws -> T {
        guard depth < Self.maximumDepth else {
            throw ParseFailure(message: "nesting deeper than \(Self.maximumDepth) levels")
        }
        var inner = ShellParser(sharing: self, depth: depth + 1)
        let result = try body(&inner)
        index = inner.index
        heredocSkips = inner.heredocSkips
        nextHeredocStart = inner.nextHeredocStart
        return result
    }

    private init(sharing outer: ShellParser, depth: Int) {
        bytes = outer.bytes
        index = outer.index
        self.depth = depth
        heredocSkips = outer.heredocSkips
        nextHeredocStart = outer.nextHeredocStart
    }
}
