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
    mutating func parseScript(until terminators: Set<String>) throws -> Script {
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
                    guard terminators.contains(";;") else { throw ParseFailure(message: "unexpected ';;' outside a case statement") }
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

    mutating func parsePipeline(_ terminators: Set<String>) throws -> Pipeline {
        var pipeline = Pipeline()
        skipBlanks()
        while wordAhead() == "!" { index += 1; skipBlanks() }
        if wordAhead() == "time" {
            // `time` is a reserved word before a pipeline; the wrapper logic handles `time cmd` too.
        }
        pipeline.commands.append(try parseCommand(terminators))
        while true {
            skipBlanks()
            guard index < bytes.count, bytes[index] == .pipe, peek(1) != .pipe else { return pipeline }
            index += peek(1) == .ampersand ? 2 : 1
            skipBlanksAndNewlines()
            guard index < bytes.count, !atTerminator(terminators), !isOperatorStart(bytes[index]) || bytes[index] == .openParen
                    || bytes[index] == .less || bytes[index] == .greater else {
                throw ParseFailure(message: "'|' without a command after it")
            }
            pipeline.commands.append(try parseCommand(terminators))
        }
    }

    // MARK: Commands

    mutating func parseCommand(_ terminators: Set<String>) throws -> Command {
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
            if (byte == .less || byte == .greater), peek(1) == .openParen {
                command.words.append(try readWord().word)
                continue
            }
            if let redirect = try parseRedirectIfPresent() {
                command.redirects.append(redirect)
                continue
            }
            if isOperatorStart(byte) || byte == .newline { break }
            if byte == .hash { skipComment(); break }
            let word = try readWord()
            if command.words.isEmpty, let split = word.assignmentSplit {
                command.assignments.append(try assignment(word, split: split))
                continue
            }
            command.words.append(word.word)
            if command.words.count == 1, command.assignments.isEmpty || true {
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
                if bytes[index] == .closeParen { index += 1; break }
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

    // MARK: Compound commands

    mutating func parseIf() throws -> Command {
        index += 2
        var scripts: [Script] = []
        while true {
            scripts.append(try nested { try $0.parseScript(until: ["then"]) })
            try expectWord("then")
            scripts.append(try nested { try $0.parseScript(until: ["elif", "else", "fi"]) })
            switch wordAhead() {
            case "elif":
                index += 4
                continue
            case "else":
                index += 4
                scripts.append(try nested { try $0.parseScript(until: ["fi"]) })
                try expectWord("fi")
            default:
                try expectWord("fi")
            }
            return .compound(scripts, redirects: try parseTrailingRedirects())
        }
    }

    mutating func parseLoop() throws -> Command {
        index += wordAhead() == "while" ? 5 : 5   // "while" and "until" are both five bytes
        let condition = try nested { try $0.parseScript(until: ["do"]) }
        let body = try parseDoGroup()
        return .compound([condition, body], redirects: try parseTrailingRedirects())
    }

    mutating func parseFor() throws -> Command {
        index += wordAhead() == "for" ? 3 : 6
        skipBlanks()
        var scripts: [Script] = []
        if index + 1 < bytes.count, bytes[index] == .openParen, bytes[index + 1] == .openParen {
            index += 2
            scripts += try parseArithmetic(closing: 2)
        } else {
            let variable = try readWord().word
            guard variable.isStatic, !variable.text.isEmpty else { throw ParseFailure(message: "bad for-loop variable") }
            skipBlanksAndNewlines()
            if wordAhead() == "in" {
                index += 2
                var list = SimpleCommand()
                while true {
                    skipBlanks()
                    guard index < bytes.count else { throw ParseFailure(message: "unterminated for loop") }
                    if bytes[index] == .semicolon || bytes[index] == .newline { index += 1; break }
                    list.words.append(try readWord().word)
                }
                // The list's words are data, but their substitutions run: keep them as a command
                // named ":" so substitutions are checked.
                list.words.insert(Word(text: ":"), at: 0)
                scripts.append(Script(pipelines: [Pipeline(commands: [.simple(list)])]))
            }
        }
        skipBlanksAndNewlines()
        if index < bytes.count, bytes[index] == .semicolon { index += 1 }
        scripts.append(try parseDoGroup())
        return .compound(scripts, redirects: try parseTrailingRedirects())
    }

    mutating func parseDoGroup() throws -> Script {
        skipBlanksAndNewlines()
        if wordAhead() == "{" {
            index += 1
            let body = try nested { try $0.parseScript(until: ["}"]) }
            try expectWord("}")
            return body
        }
        try expectWord("do")
        let body = try nested { try $0.parseScript(until: ["done"]) }
        try expectWord("done")
        return body
    }

    mutating func parseCase() throws -> Command {
        index += 4
        skipBlanks()
        var scripts: [Script] = []
        let subject = try readWord().word
        scripts.append(Script(pipelines: [Pipeline(commands: [.simple(SimpleCommand(words: [Word(text: ":"), subject]))])]))
        skipBlanksAndNewlines()
        try expectWord("in")
        while true {
            skipBlanksAndNewlines()
            guard index < bytes.count else { throw ParseFailure(message: "case without esac") }
            if wordAhead() == "esac" { index += 4; break }
            if bytes[index] == .openParen { index += 1 }
            // Patterns up to the closing ')'.
            while true {
                skipBlanks()
                guard index < bytes.count else { throw ParseFailure(message: "unterminated case pattern") }
                if bytes[index] == .closeParen { index += 1; break }
                if bytes[index] == .pipe { index += 1; continue }
                _ = try readWord()
            }
            scripts.append(try nested { try $0.parseScript(until: [";;", "esac"]) })
            skipBlanksAndNewlines()
            if index < bytes.count, bytes[index] == .semicolon {
                index += 1
                while index < bytes.count, bytes[index] == .semicolon || bytes[index] == .ampersand { index += 1 }
            }
        }
        return .compound(scripts, redirects: try parseTrailingRedirects())
    }

    /// `[[ … ]]`: words up to `]]`; inside, `<`, `>`, `&&`, `||`, `(`, `)` are operators of the test,
    /// not of the shell.
    mutating func parseDoubleBracket() throws -> Command {
        index += 2
        var command = SimpleCommand(words: [Word(text: "[[")])
        while true {
            skipBlanksAndNewlines()
            guard index < bytes.count else { throw ParseFailure(message: "'[[' without ']]'") }
            if wordAhead() == "]]" { index += 2; break }
            let byte = bytes[index]
            if isOperatorStart(byte) {
                var text = [byte]
                index += 1
                if index < bytes.count, bytes[index] == byte, byte != .openParen, byte != .closeParen { text.append(byte); index += 1 }
                command.words.append(Word(text: String(decoding: text, as: UTF8.self)))
                continue
            }
            command.words.append(try readWord().word)
        }
        command.redirects = try parseTrailingRedirects()
        return .simple(command)
    }

    /// `(( … ))` or `$(( … ))`: arithmetic. Its text is data, but substitutions inside run.
    mutating func parseArithmetic(closing: Int) throws -> [Script] {
        var level = 0
        var scripts: [Script] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .dollar, peek(1) == .openParen, peek(2) != .openParen {
                index += 2
                scripts.append(try nested { try $0.parseScript(until: [")"]) })
                try expect(")")
                continue
            }
            if byte == .backtick {
                scripts.append(try readBacktick())
                continue
            }
            if byte == .openParen { level += 1 }
            if byte == .closeParen {
                if level == 0 {
                    guard closing == 1 || peek(1) == .closeParen else { throw ParseFailure(message: "unbalanced ')' in arithmetic") }
                    index += closing
                    return scripts
                }
                level -= 1
            }
            index += 1
        }
        throw ParseFailure(message: "unterminated arithmetic expression")
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
