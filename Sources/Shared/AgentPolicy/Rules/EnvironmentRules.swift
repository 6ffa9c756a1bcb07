/// Variables that make the next program load or run code of the caller's choosing.
enum EnvironmentRules {
    /// Always code injection, whatever the value.
    static let injecting: Set<String> = ["LD_PRELOAD", "LD_AUDIT", "BASH_ENV", "ENV", "PROMPT_COMMAND", "PERL5OPT", "PERL5DB", "PYTHONSTARTUP",
                                         "PYTHONINSPECT", "RUBYOPT", "NODE_OPTIONS", "LESSOPEN", "LESSCLOSE", "GIT_EXEC_PATH", "GIT_CONFIG_PARAMETERS",
                                         "SHELLOPTS", "BASHOPTS", "PS4", "GIT_CONFIG_COUNT", "GCONV_PATH", "HOSTALIASES", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "LD_BIND_NOW_HOOK"]
    /// Name a program to run; harmless when that program is a plain pager or editor.
    static let commandVariables: Set<String> = ["PAGER", "GIT_PAGER", "MANPAGER", "SYSTEMD_PAGER", "BROWSER", "EDITOR", "VISUAL", "GIT_EDITOR",
                                                "GIT_SEQUENCE_EDITOR", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EXTERNAL_DIFF", "GIT_ASKPASS", "SSH_ASKPASS",
                                                "GIT_PROXY_COMMAND", "SUDO_ASKPASS", "RSYNC_RSH", "CVS_RSH", "MANOPT", "DIFF_PAGER", "PSQL_PAGER", "MYSQL_PS1"]
    static let harmlessCommands: Set<String> = ["", "cat", "less", "more", "most", "head", "tail", "bat", "batcat", "delta", "true", ":", "ssh", "nano", "vi", "vim", "ed"]
    /// Change how every later program is found or linked.
    static let redirecting: Set<String> = ["PATH", "LD_LIBRARY_PATH", "PYTHONPATH", "PERL5LIB", "PERLLIB", "RUBYLIB", "NODE_PATH", "IFS"]

    /// Option variables judged by their value: heap sizes and the like load no code, but
    /// `--require`/`-javaagent` do. A value the policy cannot read is not harmless.
    static func harmlessOptions(name: String, value: String) -> Bool {
        guard !value.contains(where: { "$`;|&<>()@".contains($0) }) else { return false }
        // Split the way the JVM does (any white space), which is wider than node's spaces.
        let options = value.split(whereSeparator: \.isWhitespace).map(String.init)
        switch name {
        case "NODE_OPTIONS":
            let safe = ["--max-old-space-size", "--max-semi-space-size", "--stack-size", "--enable-source-maps", "--no-warnings",
                        "--trace-warnings", "--unhandled-rejections", "--max-http-header-size", "--dns-result-order", "--openssl-legacy-provider",
                        "--no-deprecation", "--trace-deprecation", "--use-openssl-ca", "--experimental-vm-modules", "--expose-gc"]
            return options.allSatisfy { option in safe.contains { option == $0 || option.hasPrefix($0 + "=") } }
        case "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS":
            return options.allSatisfy { option in
                ["-Xmx", "-Xms", "-Xss", "-Dfile.encoding=", "-Duser.timezone=", "-Djava.awt.headless=", "-XX:MaxRAMPercentage=", "-XX:+UseG1GC", "-XX:+UseContainerSupport"]
                    .contains { option.hasPrefix($0) }
            }
        case "PS4":
            // bash decodes prompt escapes (`\140` is a backtick) before it expands PS4.
            return !value.contains("\\")
        default:
            return false
        }
    }

    static func check(name: String, value: Word, into evaluator: inout Evaluator) {
        if name == "HISTFILE" || name == "HISTSIZE" && value.text == "0" {
            evaluator.add("guardrail.history", .block, "\(name)=\(value.text) stops the shell history, an audit trail")
        } else if injecting.contains(name), !harmlessOptions(name: name, value: value.text) {
            evaluator.add("env.code-injection", .block, "\(name)=\(value.text) makes programs load or run code of the caller's choosing")
        } else if commandVariables.contains(name) {
            let text = value.text
            let program = text.split(separator: " ").first.map { ProgramName.normalise(Word(text: String($0))) } ?? ""
            let plain = text.split(separator: " ").count <= 3 && !text.contains(where: { ";|&`$()<>".contains($0) })
            if !(harmlessCommands.contains(program) && plain) {
                evaluator.add("env.code-injection", .block, "\(name)='\(text)' makes the next program run \"\(text)\"")
            }
        } else if redirecting.contains(name), !(name == "PATH" && value.text.hasPrefix("/usr/local/sbin")) {
            evaluator.add("env.search-path", .needsConfirmation, "\(name)=\(value.text) changes which programs or libraries are loaded")
        }
    }
}
