/// Inline interpreter code (`python -c`, `perl -e`, …), code fed on standard input, and the
/// programs whose own languages can run commands (sed's `e`, awk's `system()`).
enum InterpreterRules {
    static let pythons: NameSet = [
        "python", "python2", "python3", "pypy", "pypy3", "python3.8", "python3.9", "python3.10", "python3.11", "python3.12",
        "python3.13", "python3.14",
    ]
    /// Interpreter → the options that take inline code.
    static let inlineCodeOptions: NameTable<[String]> = {
        var table: NameTable<[String]> = [
            "perl": ["-e", "-E"], "ruby": ["-e"], "node": ["-e", "--eval", "-p", "--print"],
            "nodejs": ["-e", "--eval", "-p", "--print"],
            "deno": ["eval"], "bun": ["-e", "--eval"], "php": ["-r"], "lua": ["-e"], "luajit": ["-e"], "Rscript": ["-e"],
            "R": ["-e"],
            "julia": ["-e", "--eval"], "expect": ["-c"], "pwsh": ["-c", "-Command", "-EncodedCommand", "-e"],
            "powershell": ["-c", "-Command", "-EncodedCommand"],
            "groovy": ["-e"], "jrunscript": ["-e"], "octave": ["--eval"], "octave-cli": ["--eval"], "tclsh": [], "wish": [],
            "irb": [], "jshell": [], "osascript": ["-e"], "gdb": [], "awk": [],
        ]
        for python in pythons { table[python] = ["-c"] }
        return table
    }()
    static let interpreters: NameSet = inlineCodeOptions.keys.subtracting(["gdb", "awk", "deno"])

    static let rules: [Rule] = [
        Rule(.interpreterInlineCode, programs: interpreters) { invocation in
            inlineCode(invocation).map { "\(invocation.program) \($0.option) runs inline code" }
        },
        Rule(.interpreterSpawnsShell, programs: interpreters) { invocation in
            guard let code = inlineCode(invocation)?.code else { return nil }
            return spawnsShell(code)
                ? "\(invocation.program) code starts a shell or connects one to a socket (\(excerpt(code)))" : nil
        },
        Rule(.interpreterDeleteSystemPath, programs: interpreters) { invocation in
            guard let code = inlineCode(invocation)?.code else { return nil }
            return deletesSystemPath(code).map { "\(invocation.program) code deletes \($0), a system or home path" }
        },
        Rule(.sedExecute, programs: ["sed", "gsed"]) { invocation in
            SedScript.scripts(of: invocation).contains(where: { SedScript.executes($0) })
                ? "sed's e command runs text as a shell command, hidden from the policy" : nil
        },
        Rule(.sedWriteFile, programs: ["sed", "gsed"]) { invocation in
            for script in SedScript.scripts(of: invocation) {
                for target in SedScript.writtenFiles(script) {
                    let facts = PathFacts(Word(text: target), workingDirectory: invocation.workingDirectory)
                    if GuardrailRules.isProtected(facts) || facts.isSystemWriteTarget {
                        return "sed writes into \(target), a system path"
                    }
                }
            }
            return nil
        },
        Rule(.awkRunsCommand, programs: ["awk", "gawk", "mawk", "nawk", "busybox-awk"]) { invocation in
            guard let program = awkProgram(invocation) else { return nil }
            if awkCallsSystem(program) || program.containsText("| getline") || program.containsText("|getline")
                || program.containsText("|&")
            {
                return "the awk program runs shell commands (\(excerpt(program)))"
            }
            // `print | "cmd"`: a pipe to a command.
            if let pipe = program.firstIndex(of: "|"),
                program[program.index(after: pipe)...].drop(while: { $0 == " " }).first == "\""
            {
                return "the awk program pipes output into a shell command (\(excerpt(program)))"
            }
            return nil
        },
        Rule(.awkWriteGuardrail, programs: ["awk", "gawk", "mawk", "nawk"]) { invocation in
            let target = awkOutputFiles(invocation).first { GuardrailRules.isProtected($0) || $0.isDiskDevice }
            return target.map { "the awk program writes to \($0.original), which guards this account or is a disk" }
        },
        Rule(.awkWriteSystemPath, programs: ["awk", "gawk", "mawk", "nawk"]) { invocation in
            if invocation.words.contains(where: { $0.text == "inplace" || $0.text == "-i" }) {
                return "awk -i inplace rewrites its input files"
            }
            let target = awkOutputFiles(invocation).first { $0.isSystemWriteTarget }
            return target.map { "the awk program writes into \($0.original), a system path" }
        },
        Rule(.interpreterRunsShellEscape, programs: ["sqlite3", "mysql", "psql"]) { invocation in
            let escape = invocation.words.first { $0.text.hasPrefix("\\!") || $0.text.hasPrefix("system ") }
            return escape.map { "\(invocation.program) \($0.text) runs a shell command" }
        },
        Rule(.buildEval, programs: ["make", "gmake", "rpm"]) { invocation in
            let code = invocation.optionValues(short: invocation.program == "rpm" ? [] : ["-E"], long: ["--eval"])
            return code.first.map { "\(invocation.program) --eval runs \($0.text)" }
        },
    ]

    static func inlineCode(_ invocation: Invocation) -> (option: String, code: String)? {
        guard let options = inlineCodeOptions[invocation.program] else { return nil }
        var index = 0
        while index < invocation.words.count {
            let text = invocation.words[index].text
            if text == "--" { return nil }
            if !text.hasPrefix("-") { return nil } // the script file: what follows are its arguments
            for option in options
            where text == option
                || (option.count == 2 && text.hasPrefix("-") && !text.hasPrefix("--") && text.hasSuffix(option.dropFirst()))
            {
                let code = index + 1 < invocation.words.count ? invocation.words[index + 1].text : ""
                return (text, code)
            }
            for option in options where option.count == 2 && text.hasPrefix(option) && text.count > 2 && !text.hasPrefix("--") {
                return (option, String(text.dropFirst(2)))
            }
            index += 1
        }
        return nil
    }

    /// Code in another language that the engine can read (inline, heredoc, a script written
    /// earlier): a shell it starts, a system path it deletes, an endless fork, and the shell
    /// commands in its strings are judged, so the verdict names the danger inside.
    static func judgeReadableCode(
        _ code: String, origin: String, alreadyChecked: Bool = false, into evaluator: inout Evaluator, depth: Int
    ) {
        if !alreadyChecked {
            if spawnsShell(code) {
                evaluator.add(.interpreterSpawnsShell, "\(origin) starts a shell or connects one to a socket")
            }
            if let path = deletesSystemPath(code) {
                evaluator.add(.interpreterDeleteSystemPath, "\(origin) deletes \(path), a system or home path")
            }
        }
        if forksForever(code) { evaluator.add(.processForkBomb, "\(origin) forks in an endless loop: a fork bomb") }
        let runners = [
            "system", "popen", "subprocess", "exec", "spawn", "`", "qx", "Popen", "call(", "run(", "shell_exec", "passthru",
            "%x",
        ]
        if runners.contains(where: code.containsText) {
            let literals = quotedStrings(in: code) + QuoteOperators.strings(in: code)
            evaluator.evaluateEmbeddedCommands(literals + backtickStrings(in: code) + argumentLists(in: code), depth: depth)
            // `exec('import os; os.system("rm -rf /")')`, `eval "system(q(rm -rf /))"`: a string
            // that is itself code calling a runner is judged as code, one level further in.
            guard depth + 1 < ShellParser.maximumDepth else { return }
            for literal in literals where runners.contains(where: literal.containsText) && literal != code {
                judgeReadableCode(literal, origin: origin, into: &evaluator, depth: depth + 1)
            }
        }
    }

    /// `fork while fork`, `while True: os.fork()`, `loop { fork }`, `for(;;) fork()`.
    static func forksForever(_ code: String) -> Bool {
        guard code.containsText("fork") else { return false }
        return ["while", "loop", "for(;;)", "for (;;)", "until"].contains(where: code.containsText)
    }

    /// Ruby's and Perl's `` `cmd` ``.
    static func backtickStrings(in code: String) -> [String] {
        let parts = code.split(separator: "`", omittingEmptySubsequences: false)
        return parts.count > 2 ? stride(from: 1, to: parts.count - 1, by: 2).map { String(parts[$0]) } : []
    }

    /// `subprocess.run(["rm", "-rf", "/"])`, `spawn('rm', ['-rf', '/'])`: argument vectors of
    /// quoted words, joined back into the command line they stand for.
    static func argumentLists(in code: String) -> [String] {
        var lists: [String] = []
        var rest = Substring(code)
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { break }
            let inside = after[..<close]
            let words = quotedStrings(in: String(inside))
            // Only lists of string literals: every element starts with a quote.
            let elements = inside.split(separator: ",").map { $0.drop { $0 == " " || $0 == "\n" } }
            if words.count > 1, elements.allSatisfy({ $0.hasPrefix("'") || $0.hasPrefix("\"") }) {
                // `spawn("rm", ["-rf", "/"])`: the program is the string just before the list.
                let before = rest[..<open].reversed().drop { $0 == " " || $0 == "," }
                var program = ""
                if let quote = before.first, quote == "\"" || quote == "'" {
                    program = String(before.dropFirst().prefix { $0 != quote }.reversed())
                }
                lists.append(((program.isEmpty ? [] : [program]) + words).joined(separator: " "))
            }
            rest = after[after.index(after: close)...]
        }
        return lists
    }

    static func spawnsShell(_ code: String) -> Bool {
        let markers = [
            "/bin/sh", "/bin/bash", "/bin/zsh", "/bin/dash", "pty.spawn", "fsockopen", "exec sh", "exec bash", "'sh'", "\"sh\"",
            "'bash'", "\"bash\"",
            "sh -i", "bash -i", "TCPSocket", "/dev/tcp/",
        ]
        if markers.contains(where: code.containsText) { return true }
        return code.containsText("socket")
            && ["dup2", "subprocess", "popen", "exec", "spawn", "system"].contains(where: code.containsText)
    }

    /// A deletion call and a quoted system path or home directory in the same code. What lies
    /// inside a home (`~/project`) is left to the inline-code confirmation, as `rm -rf` leaves it.
    static func deletesSystemPath(_ code: String) -> String? {
        let deleting = [
            "rmtree", "rm_rf", "rm_r", "remove(", "unlink", "rmSync", "rmdirSync", "rmdir", "os.remove", "delete(", "File.delete",
            "FileUtils.rm", "rimraf", "shutil.move",
        ]
        guard deleting.contains(where: code.containsText) else { return nil }
        for literal in quotedStrings(in: code) {
            let facts = PathFacts(Word(text: literal))
            if facts.isSystemTree, !facts.isInsideHome { return literal }
        }
        return nil
    }

    static func quotedStrings(in code: String) -> [String] {
        var result: [String] = []
        var current: [Character] = []
        var quote: Character?
        for character in code {
            if let open = quote {
                if character == open {
                    result.append(String(current))
                    current.removeAll()
                    quote = nil
                } else {
                    current.append(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
            }
        }
        return result
    }

    /// `system(…)`, also written `system (…)`: awk allows blanks before a built-in's parenthesis.
    static func awkCallsSystem(_ program: String) -> Bool {
        let bytes = Array(program.utf8)
        let name = Array("system".utf8)
        var index = 0
        while index + name.count <= bytes.count {
            if bytes[index..<(index + name.count)].elementsEqual(name) {
                var after = index + name.count
                while after < bytes.count, [0x20, 0x09, 0x0A, 0x5C].contains(bytes[after]) { after += 1 } // blanks, newline, `\`
                if after < bytes.count, bytes[after] == UInt8(ascii: "(") { return true }
            }
            index += 1
        }
        return false
    }

    /// Whether an awk program sends output to a file: `print … > "f"` or `printf … >> f`. A `>`
    /// elsewhere (`$9 >= 500`, `NR > 1`) or inside parentheses after print is a comparison.
    static func awkRedirectsOutput(_ program: String) -> Bool {
        // After a print/printf, any `>` (but `>=`) before the block's closing `}` is taken as
        // output redirection. Strings, regexes, comments and parentheses are deliberately not
        // parsed: each of them was a way to hide a redirection from a finer scanner, and the
        // price is only that `print (a > b)` counts as a write.
        let bytes = Array(program.utf8)
        var index = 0
        var inPrint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "}") { inPrint = false }
            if byte == UInt8(ascii: ">"), inPrint, index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "=") {
                return true
            }
            if byte == UInt8(ascii: "p") {
                let word = bytes[index...].prefix { $0 >= 97 && $0 <= 122 }
                let before = index == 0 ? UInt8(ascii: " ") : bytes[index - 1]
                let wordStart =
                    !((before >= 97 && before <= 122) || (before >= 65 && before <= 90) || before == UInt8(ascii: "_")
                    || (before >= 48 && before <= 57))
                if wordStart, word.elementsEqual("print".utf8) || word.elementsEqual("printf".utf8) { inPrint = true }
                index += max(word.count, 1)
                continue
            }
            index += 1
        }
        return false
    }

    static func awkProgram(_ invocation: Invocation) -> String? {
        var index = 0
        while index < invocation.words.count {
            let text = invocation.words[index].text
            if text == "-f" || text.hasPrefix("--file") { return nil }
            if text == "-v" || text == "-F" {
                index += 2
                continue
            }
            if text.hasPrefix("-") && text != "-" {
                index += 1
                continue
            }
            return text
        }
        return nil
    }

    /// The quoted file names an awk program prints into (`print > "/etc/x"`, `>> "f"`).
    static func awkOutputFiles(_ invocation: Invocation) -> [PathFacts] {
        guard let program = awkProgram(invocation) else { return [] }
        var files: [PathFacts] = []
        var rest = Substring(program)
        while let arrow = rest.firstIndex(of: ">") {
            let after = rest[rest.index(after: arrow)...].drop { $0 == ">" || $0 == " " }
            if after.first == "\"", let close = after.dropFirst().firstIndex(of: "\"") {
                let name = String(after[after.index(after: after.startIndex)..<close])
                files.append(PathFacts(Word(text: name), workingDirectory: invocation.workingDirectory))
            }
            rest = rest[rest.index(after: arrow)...]
        }
        return files
    }

    static func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "…"
    }

    /// Interpreters and shells fed code on standard input, or with no code at all.
    static func checkCodeInput(_ invocation: Invocation, into evaluator: inout Evaluator, depth: Int) {
        // Files written earlier in this command line and run by this one, read in their language.
        WrittenFileCode.check(invocation, into: &evaluator, depth: depth)
        MacroCode.check(invocation, into: &evaluator, depth: depth)
        if ["awk", "gawk", "mawk", "nawk"].contains(invocation.program), let program = awkProgram(invocation) {
            // gawk's `/inet/tcp/…` special files are sockets: with a coprocess or getline on one,
            // commands arrive over the network.
            if program.containsText("/inet"), program.containsText("|&") || program.containsText("getline") {
                evaluator.add(.networkReverseShell, "the awk program reads commands over a network socket (/inet)")
            }
            if awkCallsSystem(program) || program.contains("|") {
                evaluator.evaluateEmbeddedCommands(quotedStrings(in: program), depth: depth)
            }
            return
        }
        guard interpreters.contains(invocation.program) else { return }
        if let code = inlineCode(invocation)?.code {
            // What the engine can read in the code keeps its weight: shell commands inside its
            // strings (`os.system('rm -rf /')`), an endless fork.
            judgeReadableCode(code, origin: "\(invocation.program) code", alreadyChecked: true, into: &evaluator, depth: depth)
            return
        }
        let words = invocation.words
        if let script = words.first(where: { !$0.text.hasPrefix("-") }),
            let code = evaluator.writtenScripts.content(of: script, workingDirectory: invocation.workingDirectory)
        {
            evaluator.add(
                .interpreterInlineCode,
                "\(invocation.program) runs \(script.text), written earlier in this command")
            judgeReadableCode(code, origin: script.text, into: &evaluator, depth: depth)
            return
        }
        if let script = words.first(where: { !$0.text.hasPrefix("-") }), script.isProcessSubstitution {
            ShellInputRules.check(invocation, origin: invocation.program, into: &evaluator, depth: depth, isShell: false)
            return
        }
        let readsStdin =
            words.first(where: { !$0.text.hasPrefix("-") || $0.text == "-" }).map { StandardInput.names.contains($0.text) }
            ?? true
        guard readsStdin else { return } // a script file (or `-m module`) runs; the policy cannot see inside it
        if words.contains(where: { ["--version", "-V", "-v", "--help", "-h", "-version"].contains($0.text) }) { return }
        if words.contains(where: { $0.text == "-m" || $0.text.hasPrefix("-m") }) { return }
        if invocation.inlineInput == nil, invocation.upstream.isEmpty,
            let file = invocation.redirects.first(where: { $0.op == .input })?.target.text
        {
            evaluator.add(.interpreterStdinCode, "\(invocation.program) runs the code in \(file)")
            return
        }
        ShellInputRules.check(invocation, origin: invocation.program, into: &evaluator, depth: depth, isShell: false)
    }
}
