/// Options that make an ordinary program run another command. The program keeps its own rules;
/// what it launches is checked as a command in its own right.
enum Launchers {
    static func nested(in invocation: Invocation) -> [Launch] {
        // Options, keywords and settings that run a command, as data (`CommandOptions.swift`).
        let fromTables = CommandOptions.launches(in: invocation)
        let own = programSpecific(invocation) + InputShellEscapes.launches(invocation)
        return fromTables.isEmpty ? own : fromTables + own
    }

    private static func programSpecific(_ invocation: Invocation) -> [Launch] {
        let words = invocation.words
        switch invocation.program {
        case "find":
            return findExec(words)
        case "at", "batch", "crontab":
            return ScheduledJobs.launches(invocation)
        case "rsync":
            return invocation.optionValues(short: ["-e"], long: ["--rsh"]).map { .code($0.text, origin: "rsync -e") }
        case "ssh", "scp", "sftp":
            var launches = sshOptions(invocation)
            if invocation.program == "scp" {
                launches += invocation.optionValues(short: ["-S"]).map { .command([$0], []) }
            }
            if invocation.program == "ssh" {
                // The remote command runs on another machine, but a model sending `rm -rf /` there
                // deserves the same judgement as here.
                let start = OptionScanner(words, valuedShort: "BbcDEeFIiJLlmOopQRSWw").scan().operandIndex
                if start + 1 < words.count {
                    launches.append(
                        .code(words[(start + 1)...].map(\.text).joined(separator: " "), origin: "ssh (remote command)"))
                }
            }
            if invocation.program == "sftp" {
                launches += invocation.optionValues(short: ["-S"]).map { .command([$0], []) }
            }
            return launches
        case "git":
            return gitConfigCommands(words) + gitSubcommandLaunches(invocation)
        case "tar", "bsdtar":
            var launches: [Launch] = invocation.optionValues(
                short: ["-I", "-F"],
                long: ["--use-compress-program", "--to-command", "--rsh-command", "--info-script", "--new-volume-script"]
            )
            .map { .code($0.text, origin: "tar") }
            for value in invocation.optionValues(long: ["--checkpoint-action"]) where value.text.hasPrefix("exec=") {
                launches.append(.code(String(value.text.dropFirst(5)), origin: "tar --checkpoint-action"))
            }
            return launches
        case "zip":
            return invocation.optionValues(long: ["-TT", "--unzip-command"]).map { .code($0.text, origin: "zip -TT") }
        case "man":
            return invocation.optionValues(short: ["-H", "-P"], long: ["--html", "--pager"]).map { .code($0.text, origin: "man") }
        case "vi", "vim", "nvim", "view", "ex", "rvim", "gvim", "vimdiff":
            return editorCommands(words)
        case "sqlite3":
            return words.compactMap { word in
                for prefix in [".shell ", ".system "] where word.text.hasPrefix(prefix) {
                    return .code(String(word.text.dropFirst(prefix.count)), origin: "sqlite3 \(prefix.dropLast())")
                }
                return nil
            }
        case "apt", "apt-get", "aptitude":
            return invocation.optionValues(short: ["-o"], long: ["--option"]).compactMap { value in
                let parts = value.text.split(separator: "=", maxSplits: 1)
                guard parts.count == 2,
                    parts[0].lowercased().containsText("invoke") || parts[0].lowercased().containsText("pre-install-pkgs")
                else { return nil }
                return .code(String(parts[1]), origin: "apt -o \(parts[0])")
            }
        case "pip", "pip3":
            return invocation.optionValues(long: ["--editor"]).map { .code($0.text, origin: "pip --editor") }
        case "tcpdump":
            return invocation.optionValues(short: ["-z"]).map { .command([$0], []) }
        case "docker", "podman", "nerdctl", "docker-compose", "podman-compose":
            return containerExec(invocation)
        case "kubectl", "oc", "k3s", "microk8s.kubectl":
            // `kubectl [-n NS] exec POD [-c C] -- CMD…`: the command runs in a pod, judged like a local one.
            guard let call = invocation.call, call.verb == "exec" || call.verb == "debug" else { return [] }
            let rest = call.arguments
            if let dashes = rest.firstIndex(where: { $0.text == "--" }) {
                return dashes + 1 < rest.count ? [.command(Array(rest[(dashes + 1)...]), [])] : []
            }
            // The old form without `--`: options, the pod, then the command.
            let start = OptionScanner(rest, valued: ProgramTable.kubernetesOptions, valuedShort: "cnf").scan().operandIndex
            return start + 1 < rest.count ? [.command(Array(rest[(start + 1)...]), [])] : []
        case "less", "more":
            return words.compactMap { word in
                guard word.text.hasPrefix("+"), let bang = word.text.firstIndex(of: "!") else { return nil }
                return .code(String(word.text[word.text.index(after: bang)...]), origin: "\(invocation.program) +!")
            }
        case "nano", "pico":
            return invocation.optionValues(short: ["-s"], long: ["--speller"]).map { .code($0.text, origin: "nano --speller") }
        case "gdb":
            return invocation.optionValues(long: ["-ex", "--ex", "-eval-command", "--eval-command"]).compactMap { value in
                let text = value.text
                if text.hasPrefix("!") { return .code(String(text.dropFirst()), origin: "gdb -ex") }
                if text.hasPrefix("shell ") { return .code(String(text.dropFirst(6)), origin: "gdb -ex shell") }
                return nil
            }
        default:
            return ShellOperands.launches(in: invocation) + BareShellOperands.launches(in: invocation)
        }
    }

    /// `docker [--context X] exec [options] CONTAINER CMD…`, `docker compose exec SERVICE CMD…`,
    /// `docker container exec …`: the command runs in a container, judged like a local one.
    private static func containerExec(_ invocation: Invocation) -> [Launch] {
        guard let call = invocation.call else { return [] }
        let isExec =
            call.verb == "exec" || (["container", "compose"].contains(call.verb) && call.subverb == "exec")
            || (invocation.program.hasSuffix("-compose") && call.verb == "exec")
        guard isExec else { return [] }
        let rest = call.arguments
        let start = OptionScanner(
            rest, valued: ["-e", "--env", "-u", "--user", "-w", "--workdir", "--env-file", "--detach-keys", "--index"],
            valuedShort: "euw"
        ).scan().operandIndex
        return start + 1 < rest.count ? [.command(Array(rest[(start + 1)...]), [])] : []
    }

    private static func findExec(_ words: [Word]) -> [Launch] {
        var launches: [Launch] = []
        // `{}` stands for each file found, which lies under the start paths: `find / -exec rm -rf {} +`
        // deletes everything under /.
        let starts = words.prefix { !$0.text.hasPrefix("-") && $0.text != "(" && $0.text != "!" }
        let found = starts.isEmpty ? [Word(text: ".")] : Array(starts)
        var index = 0
        while index < words.count {
            let text = words[index].text
            if ["-exec", "-execdir", "-ok", "-okdir"].contains(text) {
                var command: [Word] = []
                index += 1
                while index < words.count, words[index].text != ";", words[index].text != "+" {
                    if words[index].text == "{}", !command.isEmpty { command += found } else { command.append(words[index]) }
                    index += 1
                }
                if !command.isEmpty { launches.append(.command(command, [])) }
            }
            index += 1
        }
        return launches
    }

    /// `-o ProxyCommand=…`, `-oLocalCommand …`, `-o "ProxyCommand …"`.
    private static func sshOptions(_ invocation: Invocation) -> [Launch] {
        var launches: [Launch] = []
        for value in invocation.optionValues(short: ["-o"]) {
            let text = value.text
            let separator = text.firstIndex(where: { $0 == "=" || $0 == " " })
            guard let separator else { continue }
            let key = text[..<separator].lowercased()
            let command = text[text.index(after: separator)...].drop(while: { $0 == " " || $0 == "=" })
            if ["proxycommand", "localcommand", "knownhostscommand"].contains(key) {
                if command.lowercased() == "none" { continue }
                launches.append(.code(String(command), origin: "ssh -o \(text[..<separator])"))
            }
        }
        return launches
    }

    /// `git -c core.pager=…`, `-c alias.x='!…'` and friends run commands.
    private static func gitConfigCommands(_ words: [Word]) -> [Launch] {
        var launches: [Launch] = []
        var index = 0
        while index < words.count {
            let text = words[index].text
            var setting: String?
            var fromEnvironment = false
            if text == "--config-env" || text.hasPrefix("--config-env=") {
                // `--config-env=core.pager=VAR`: the value is whatever $VAR holds when git runs.
                fromEnvironment = true
                if text == "--config-env", index + 1 < words.count {
                    setting = words[index + 1].text
                    index += 1
                } else {
                    setting = String(text.dropFirst("--config-env=".count))
                }
            } else if text == "-c", index + 1 < words.count {
                setting = words[index + 1].text
                index += 1
            } else if text.hasPrefix("-c"), text.count > 2 {
                setting = String(text.dropFirst(2))
            } else if ProgramTable.layouts["git"]?.valuedOptions.contains(text) == true {
                index += 2
                continue
            } else if !text.hasPrefix("-") {
                break // the subcommand: -c after it belongs to the subcommand
            }
            index += 1
            guard let setting, let equals = setting.firstIndex(of: "=") else { continue }
            let key = setting[..<equals].lowercased()
            let value = String(setting[setting.index(after: equals)...])
            let commandKeys: NameSet = [
                "core.pager", "core.sshcommand", "core.editor", "core.fsmonitor", "core.askpass",
                "sequence.editor", "diff.external", "gpg.program", "core.gitproxy", "uploadpack.packobjectshook",
            ]
            if fromEnvironment {
                if commandKeys.contains(key) || key.hasPrefix("pager.") || key.hasPrefix("alias.")
                    || key.containsText(".helper") || key == "core.hookspath"
                {
                    launches.append(
                        .finding(
                            .gitConfigCommand,
                            message: "git --config-env sets \(key) from $\(value), a command the policy cannot see"))
                }
            } else if commandKeys.contains(key) || key.hasPrefix("pager.") {
                launches.append(.code(value, origin: "git -c \(key)"))
            } else if key.hasPrefix("alias.") || key.hasPrefix("credential.") || key.containsText(".helper"), value.hasPrefix("!")
            {
                launches.append(.code(String(value.dropFirst()), origin: "git -c \(key)"))
            } else if key == "core.hookspath" {
                launches.append(.finding(.gitHooksPath, message: "git -c core.hooksPath runs hooks from \(value)"))
            }
        }
        return launches
    }

    /// `git rebase --exec`, `git submodule foreach`, `git bisect run`, `git difftool -x` run commands.
    private static func gitSubcommandLaunches(_ invocation: Invocation) -> [Launch] {
        guard let (verb, arguments) = GitRules.subcommand(invocation) else { return [] }
        var sub = invocation
        sub.words = arguments
        switch verb {
        case "rebase":
            return sub.optionValues(short: ["-x"], long: ["--exec"]).map { .code($0.text, origin: "git rebase --exec") }
        case "submodule":
            guard let foreach = arguments.firstIndex(where: { $0.text == "foreach" }) else { return [] }
            let rest = arguments[(foreach + 1)...].filter { !$0.text.hasPrefix("-") }
            return rest.isEmpty ? [] : [.code(rest.map(\.text).joined(separator: " "), origin: "git submodule foreach")]
        case "bisect":
            guard arguments.first?.text == "run", arguments.count > 1 else { return [] }
            return [.command(Array(arguments.dropFirst()), [])]
        case "difftool", "mergetool":
            return sub.optionValues(short: ["-x"], long: ["--extcmd", "--tool"]).map {
                .code($0.text, origin: "git \(verb) --extcmd")
            }
        case "grep":
            return sub.optionValues(short: ["-O"], long: ["--open-files-in-pager"]).map { .code($0.text, origin: "git grep -O") }
        case "config":
            // Persistent: the command would run on a later git call, where no one checks it.
            let keys = arguments.map { $0.text.lowercased() }
            let commandKeys = [
                "core.pager", "core.sshcommand", "core.editor", "core.fsmonitor", "core.askpass", "core.hookspath",
                "sequence.editor",
                "diff.external", "gpg.program", "core.gitproxy",
            ]
            if let key = keys.first(where: { key in
                commandKeys.contains(key) || key.hasPrefix("pager.") || key.hasPrefix("alias.") || key.hasSuffix(".helper")
                    || key.hasSuffix(".command") || key.hasSuffix(".textconv")
            }) {
                return [.finding(.gitConfigCommand, message: "git config \(key) makes later git commands run a program")]
            }
            return []
        default:
            return []
        }
    }

    /// `vim -c ':!cmd'`, `vim +'!cmd'`, `--cmd`.
    private static func editorCommands(_ words: [Word]) -> [Launch] {
        var commands: [String] = []
        var index = 0
        while index < words.count {
            let text = words[index].text
            if text == "-c" || text == "--cmd", index + 1 < words.count {
                commands.append(words[index + 1].text)
                index += 1
            } else if text.hasPrefix("+"), text.count > 1 {
                commands.append(String(text.dropFirst()))
            }
            index += 1
        }
        return commands.compactMap { raw in
            let command = raw.drop(while: { $0 == ":" || $0 == " " })
            if command.hasPrefix("!") { return .code(String(command.dropFirst()), origin: "vi -c '!…'") }
            let word = command.prefix(while: { $0.isLetter })
            if ["sh", "shell", "term", "terminal"].contains(String(word)) {
                return .finding(
                    .shellInteractive, message: "the editor command \"\(raw)\" starts a shell on the SSH channel")
            }
            if command.containsText("system(") || command.hasPrefix("py") || command.hasPrefix("lua") || command.hasPrefix("perl")
            {
                return .finding(.interpreterInlineCode, message: "the editor command \"\(raw)\" runs code")
            }
            return nil
        }
    }
}
