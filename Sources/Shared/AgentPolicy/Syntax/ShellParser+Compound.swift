/// Compound commands: if, while/until, for/select, case, `[[ … ]]` and arithmetic `(( … ))`.
/// Their bodies are scripts; words that are data (the for-list, the case subject and patterns) are
/// kept as a `:` command so substitutions inside them are still checked.
extension ShellParser {
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
        index += wordAhead() == "while" ? 5 : 5 // "while" and "until" are both five bytes
        let condition = try nested { try $0.parseScript(until: ["do"]) }
        let body = try parseDoGroup()
        return .compound([condition, body], redirects: try parseTrailingRedirects())
    }

    mutating func parseFor() throws -> Command {
        index += wordAhead() == "for" ? 3 : 6
        skipBlanks()
        var scripts: [Script] = []
        var variable = Word()
        var items: [Word] = []
        if index + 1 < bytes.count, bytes[index] == .openParen, bytes[index + 1] == .openParen {
            index += 2
            scripts += try parseArithmetic(closing: 2)
        } else {
            variable = try readWord().word
            guard variable.isStatic, !variable.text.isEmpty else { throw ParseFailure(message: "bad for-loop variable") }
            skipBlanksAndNewlines()
            if wordAhead() == "in" {
                index += 2
                var list = SimpleCommand()
                while true {
                    skipBlanks()
                    guard index < bytes.count else { throw ParseFailure(message: "unterminated for loop") }
                    if bytes[index] == .semicolon || bytes[index] == .newline {
                        index += 1
                        break
                    }
                    list.words.append(try readWord().word)
                }
                items = list.words
                // The list's words are data, but their substitutions run: keep them as a command
                // named ":" so substitutions are checked.
                list.words.insert(Word(text: ":"), at: 0)
                scripts.append(Script(pipelines: [Pipeline(commands: [.simple(list)])]))
            }
        }
        skipBlanksAndNewlines()
        if index < bytes.count, bytes[index] == .semicolon { index += 1 }
        let body = try parseDoGroup()
        scripts.append(body)
        // `for d in / /etc; do rm -rf "$d"; done`: with a short list of fixed words, the body is
        // also judged once per word with the variable set to it, as each iteration runs.
        if !items.isEmpty, items.count <= Self.unrolledItems, items.allSatisfy(\.isStatic) {
            for item in items {
                var binding = SimpleCommand()
                binding.assignments = [(name: variable.text, value: item)]
                scripts.append(Script(pipelines: [Pipeline(commands: [.simple(binding)])] + body.pipelines))
            }
        }
        return .compound(scripts, redirects: try parseTrailingRedirects())
    }

    /// How many fixed list words a for loop is unrolled for; longer lists are judged once.
    static let unrolledItems = 8

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
            if wordAhead() == "esac" {
                index += 4
                break
            }
            if bytes[index] == .openParen { index += 1 }
            // Patterns up to the closing ')'. They are data, but expanded when matched, so their
            // substitutions run: kept as a `:` command like the subject.
            var patterns = [Word(text: ":")]
            while true {
                skipBlanks()
                guard index < bytes.count else { throw ParseFailure(message: "unterminated case pattern") }
                if bytes[index] == .closeParen {
                    index += 1
                    break
                }
                if bytes[index] == .pipe {
                    index += 1
                    continue
                }
                patterns.append(try readWord().word)
            }
            scripts.append(Script(pipelines: [Pipeline(commands: [.simple(SimpleCommand(words: patterns))])]))
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
            if wordAhead() == "]]" {
                index += 2
                break
            }
            let byte = bytes[index]
            if isOperatorStart(byte) {
                var text = [byte]
                index += 1
                if index < bytes.count, bytes[index] == byte, byte != .openParen, byte != .closeParen {
                    text.append(byte)
                    index += 1
                }
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
                    guard closing == 1 || peek(1) == .closeParen else {
                        throw ParseFailure(message: "unbalanced ')' in arithmetic")
                    }
                    index += closing
                    return scripts
                }
                level -= 1
            }
            index += 1
        }
        throw ParseFailure(message: "unterminated arithmetic expression")
    }

}
