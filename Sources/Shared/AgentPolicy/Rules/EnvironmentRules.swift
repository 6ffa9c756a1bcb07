/// Variables that make the next program load or run code of the caller's choosing.
///
/// Setting one in plain sight (`LD_PRELOAD=/tmp/x.so ls`, `GIT_PAGER='sh -c id' git log`) is a
/// change a human can read and approve: it needs confirmation, like running any other program. The
/// code the value carries, where it is text (a pager command, `PROMPT_COMMAND`, the substitutions in
/// `PS4`, perl code in `PERL5DB`, git settings), is judged as the command it will be, so a pager
/// that starts a shell on the channel or deletes `/` stays blocked. What stays blocked as such is a
/// value the policy cannot read: computed at run time, or decoded by bash before it runs.
enum EnvironmentRules {
    /// Always code injection, whatever the value.
    static let injecting: NameSet = [
        "LD_PRELOAD", "LD_AUDIT", "BASH_ENV", "ENV", "PROMPT_COMMAND", "PERL5OPT", "PERL5DB", "PYTHONSTARTUP",
        "PYTHONINSPECT", "RUBYOPT", "NODE_OPTIONS", "LESSOPEN", "LESSCLOSE", "GIT_EXEC_PATH", "GIT_CONFIG_PARAMETERS",
        "SHELLOPTS", "BASHOPTS", "PS4", "GIT_CONFIG_COUNT", "GCONV_PATH", "HOSTALIASES", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
        "JDK_JAVA_OPTIONS", "LD_BIND_NOW_HOOK",
    ]
    /// Name a program to run; harmless when that program is a plain pager or editor.
    static let commandVariables: NameSet = [
        "PAGER", "GIT_PAGER", "MANPAGER", "SYSTEMD_PAGER", "BROWSER", "EDITOR", "VISUAL", "GIT_EDITOR",
        "GIT_SEQUENCE_EDITOR", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EXTERNAL_DIFF", "GIT_ASKPASS", "SSH_ASKPASS",
        "GIT_PROXY_COMMAND", "SUDO_ASKPASS", "RSYNC_RSH", "CVS_RSH", "MANOPT", "DIFF_PAGER", "PSQL_PAGER", "MYSQL_PS1",
    ]
    /// Any program's variable that names a command by the common conventions (`CRASHPAGER`,
    /// `RESTIC_PASSWORD_COMMAND`, `BORG_RSH`, `X_ASKPASS`): a table of names always lags behind.
    static func namesCommand(_ name: String) -> Bool {
        if commandVariables.contains(name) { return true }
        guard name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else { return false }
        return ["PAGER", "EDITOR", "ASKPASS", "_COMMAND", "_CMD", "_RSH", "_SSH", "_HOOK", "_PROGRAM", "_SHELL"].contains {
            name.hasSuffix($0)
        }
    }

    static let harmlessCommands: NameSet = [
        "", "cat", "less", "more", "most", "head", "tail", "bat", "batcat", "delta", "true", ":", "ssh", "nano", "vi", "vim",
        "ed",
    ]
    /// Change how every later program is found or linked.
    static let redirecting: NameSet = [
        "PATH", "LD_LIBRARY_PATH", "PYTHONPATH", "PERL5LIB", "PERLLIB", "RUBYLIB", "NODE_PATH", "IFS",
    ]

    /// Directories only root can write (`/opt` is left out: its trees belong to whoever installed
    /// them): a search path made of them (and the current value,
    /// `$PATH`) finds the packaged programs and libraries. An empty entry is the current
    /// directory; relative and world-writable entries (`/tmp`) let anyone plant a program.
    static let rootOwnedTrees = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/snap/bin", "/nix/store"]

    static func onlySystemDirectories(name: String, value: Word) -> Bool {
        guard name != "IFS" else { return false }
        let entries = value.text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        // Only the variable's own current value may be an expansion.
        if !value.isStatic, !entries.allSatisfy({ !$0.contains("$") || $0 == "$\(name)" || $0 == "${\(name)}" }) { return false }
        if value.hasCommandSubstitution { return false }
        return !entries.isEmpty
            && entries.allSatisfy { entry in
                if entry == "$\(name)" || entry == "${\(name)}" { return true }
                guard entry.hasPrefix("/"), !entry.containsText(".."), !entry.contains("*"),
                    let path = PathFacts.normalise(entry)
                else { return false }
                return rootOwnedTrees.contains { path.isSelfOrInside($0) }
                    && !["/usr/tmp", "/var/tmp"].contains { path.hasPrefix($0) }
            }
    }

    /// Option variables judged by their value: heap sizes and the like load no code, but
    /// `--require`/`-javaagent` do. A value the policy cannot read is not harmless.
    static func harmlessOptions(name: String, value: String) -> Bool {
        guard !value.contains(where: { "$`;|&<>()@".contains($0) }) else { return false }
        // Split the way the JVM does (any white space), which is wider than node's spaces.
        let options = value.split(whereSeparator: \.isWhitespace).map(String.init)
        switch name {
        case "NODE_OPTIONS":
            let safe = [
                "--max-old-space-size", "--max-semi-space-size", "--stack-size", "--enable-source-maps", "--no-warnings",
                "--trace-warnings", "--unhandled-rejections", "--max-http-header-size", "--dns-result-order",
                "--openssl-legacy-provider",
                "--no-deprecation", "--trace-deprecation", "--use-openssl-ca", "--experimental-vm-modules", "--expose-gc",
            ]
            return options.allSatisfy { option in safe.contains { option == $0 || option.hasPrefix($0 + "=") } }
        case "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS":
            return options.allSatisfy { option in
                [
                    "-Xmx", "-Xms", "-Xss", "-Dfile.encoding=", "-Duser.timezone=", "-Djava.awt.headless=",
                    "-XX:MaxRAMPercentage=", "-XX:+UseG1GC", "-XX:+UseContainerSupport",
                ]
                .contains { option.hasPrefix($0) }
            }
        case "PS4":
            // bash decodes prompt escapes (`\140` is a backtick) before it expands PS4.
            return !value.containsText("\\")
        default:
            return false
        }
    }

    static func check(_ assignments: [(name: String, value: Word)], depth: Int, into evaluator: inout Evaluator) {
        for assignment in assignments { check(name: assignment.name, value: assignment.value, depth: depth, into: &evaluator) }
        checkGitConfigPairs(assignments, depth: depth, into: &evaluator)
    }

    static func check(name: String, value: Word, depth: Int, into evaluator: inout Evaluator) {
        let text = value.text
        if name == "HISTFILE" || name == "HISTSIZE" && text == "0" {
            evaluator.add(.guardrailHistory, "\(name)=\(text) stops the shell history, an audit trail")
        } else if injecting.contains(name) || namesCommand(name) {
            if injecting.contains(name), harmlessOptions(name: name, value: text) { return }
            if namesCommand(name), isPlainHarmlessCommand(text) { return }
            if !value.isStatic {
                evaluator.add(
                    .envCodeInjectionHidden,
                    "\(name)=\(text) is computed at run time, so the policy cannot see which code it makes programs load or run")
            } else if name == "PS4", text.containsText("\\") {
                evaluator.add(
                    .envCodeInjectionHidden,
                    "PS4='\(text)': bash decodes prompt escapes before it runs PS4's substitutions, so the policy cannot read that code"
                )
            } else {
                let message =
                    namesCommand(name)
                    ? "\(name)='\(text)' makes the next program run \"\(text)\""
                    : "\(name)=\(text) makes programs load or run code of the caller's choosing"
                evaluator.add(.envCodeInjection, message)
                if let code = carriedCode(name: name, value: text) { evaluator.evaluateCode(code, depth: depth, origin: name) }
            }
        } else if redirecting.contains(name) || SearchPathVariables.contains(name),
            !onlySystemDirectories(name: name, value: value)
        {
            evaluator.add(.envSearchPath, "\(name)=\(text) changes which programs or libraries are loaded")
        }
    }

    /// `PAGER=less`, `EDITOR='vim -u NONE'`: a plain pager or editor, with at most two arguments.
    static func isPlainHarmlessCommand(_ text: String) -> Bool {
        let program = text.split(separator: " ").first.map { ProgramName.normalise(Word(text: String($0))) } ?? ""
        let plain = text.split(separator: " ").count <= 3 && !text.contains(where: { ";|&`$()<>".contains($0) })
        return harmlessCommands.contains(program) && plain
    }

    /// The shell code a variable's value will run, for the variables whose value is code.
    static func carriedCode(name: String, value: String) -> String? {
        switch name {
        case _ where namesCommand(name), "PROMPT_COMMAND":
            // Pagers, editors and ssh commands are run with `sh -c`.
            return value
        case "LESSOPEN", "LESSCLOSE":
            // `|lesspipe %s`, `||…`, `|-…`: the leading bars only say how less reads the output.
            return String(value.drop { $0 == "|" || $0 == "-" || $0 == " " })
        case "PS4":
            // Expanded like a double-quoted string before each traced command; no backslashes here.
            return ": \"" + value.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case "PERL5DB":
            // Perl code run by the debugger (`PERL5OPT=-d`): judged as `perl -e` code.
            return "perl -e " + shellQuoted(value)
        case "GIT_CONFIG_PARAMETERS":
            // `'core.pager'='less' 'alias.x=!cmd'`: settings as git -c takes them.
            var parser = ShellParser(": " + value)
            guard let script = try? parser.parseAll(), script.pipelines.count == 1,
                let first = script.pipelines[0].commands.first,
                case .simple(let simple) = first
            else { return value } // unreadable: fails closed as code
            return gitCommand(settings: simple.words.dropFirst().map(\.text))
        default:
            return nil
        }
    }

    /// `GIT_CONFIG_KEY_0=core.pager GIT_CONFIG_VALUE_0=…` (enabled by `GIT_CONFIG_COUNT`): each pair
    /// is a git setting, judged as `git -c`; a value whose key is set elsewhere is judged as a command
    /// when it reads as one.
    static func checkGitConfigPairs(_ assignments: [(name: String, value: Word)], depth: Int, into evaluator: inout Evaluator) {
        let keyPrefix = "GIT_CONFIG_KEY_"
        let valuePrefix = "GIT_CONFIG_VALUE_"
        var keys: [Substring: String] = [:]
        for assignment in assignments where assignment.name.hasPrefix(keyPrefix) {
            keys[assignment.name.dropFirst(keyPrefix.count)] = assignment.value.text
        }
        for assignment in assignments where assignment.name.hasPrefix(valuePrefix) {
            if let key = keys[assignment.name.dropFirst(valuePrefix.count)] {
                evaluator.evaluateCode(
                    gitCommand(settings: [key + "=" + assignment.value.text]), depth: depth, origin: assignment.name)
            } else {
                evaluator.evaluateEmbeddedCommands([assignment.value.text], depth: depth)
            }
        }
    }

    static func gitCommand(settings: [String]) -> String {
        (["git"] + settings.map { "-c " + shellQuoted($0) } + ["version"]).joined(separator: " ")
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
