/// Programs that run a command out of sight, found by a red-team pass: terminal multiplexers run a
/// command or type keys into a shell (`screen -dm …`, `tmux new -d '…'`, `tmux send-keys '…'`),
/// `fd -x` runs a command per match like `find -exec`, and a few privilege or session launchers
/// run the rest of the line. The policy judges what they run.
enum DetachedLaunchers {
    static func unwrap(_ invocation: Invocation) -> Launch? {
        let words = invocation.words
        switch invocation.program {
        case "screen": return screen(words)
        case "tmux": return tmux(words)
        case "fd", "fdfind": return fd(words)
        case "capsh":
            // `capsh … -- ARGS` runs /bin/bash with ARGS (`-- -c CODE`).
            guard let separator = words.firstIndex(where: { $0.text == "--" }) else { return nil }
            let rest = Array(words[(separator + 1)...])
            if let flag = rest.firstIndex(where: { $0.text == "-c" }), flag + 1 < rest.count {
                return .code(rest[flag + 1].text, origin: "capsh -- -c")
            }
            return rest.isEmpty
                ? .finding(.shellInteractive, message: "capsh -- starts a shell that reads commands from the SSH channel")
                : nil
        case "entr":
            let (start, options) = OptionScanner(words).scan()
            guard start < words.count else { return nil }
            if options.contains(where: { $0.name == "-s" }) { return .code(words[start].text, origin: "entr -s") }
            return .command(Array(words[start...]), [])
        default:
            return nil
        }
    }

    /// `screen [options] [command]`; `screen -X stuff TEXT` types TEXT into a session's shell.
    private static func screen(_ words: [Word]) -> Launch? {
        if let send = words.firstIndex(where: { $0.text == "-X" }) {
            let command = words[(send + 1)...].map(\.text)
            guard command.first == "stuff", command.count > 1 else { return nil }
            return .code(Self.typed(command.dropFirst()), origin: "screen -X stuff")
        }
        let (start, options) = OptionScanner(words, valued: ["-Logfile"], valuedShort: "cehpsSTt").scan()
        if start < words.count { return .command(Array(words[start...]), []) }
        // No command: a new session runs a shell; attached (no -d), on the SSH channel.
        let names = Set(options.map(\.name))
        let detached = !names.isDisjoint(with: ["-d", "-D", "-r", "-R", "-x", "-ls", "-list", "-wipe", "-v", "-version", "-Q"])
        return detached || words.contains(where: { ["-ls", "-list", "-wipe", "-version", "-r", "-R", "-x"].contains($0.text) })
            ? nil : .finding(.shellInteractive, message: "screen without a command starts a shell on the SSH channel")
    }

    /// tmux's commands that run shell code, and `send-keys`, which types it.
    private static func tmux(_ words: [Word]) -> Launch? {
        let (start, options) = OptionScanner(words, valued: [], valuedShort: "cfLST").scan()
        if let code = options.first(where: { $0.name == "-c" })?.value { return .code(code.text, origin: "tmux -c") }
        // Bare `tmux` is `tmux new-session`: an attached shell on the SSH channel.
        guard start < words.count else {
            return options.contains(where: { $0.name == "-V" })
                ? nil : .finding(.shellInteractive, message: "tmux without a command starts a shell on the SSH channel")
        }
        let subcommand = words[start].text
        let arguments = Array(words[(start + 1)...])
        let runsShellCode: NameSet = [
            "new-session", "new", "new-window", "neww", "split-window", "splitw", "respawn-pane", "respawnp",
            "respawn-window", "respawnw", "run-shell", "run", "if-shell", "if", "display-popup", "popup", "pipe-pane", "pipep",
        ]
        if ["send-keys", "send"].contains(subcommand) {
            let (keysStart, _) = OptionScanner(arguments, valuedShort: "NtcF").scan()
            guard keysStart < arguments.count else { return nil }
            return .code(Self.typed(arguments[keysStart...].map(\.text)), origin: "tmux send-keys")
        }
        guard runsShellCode.contains(subcommand) else { return nil }
        // Which options take values differs by subcommand (`-d` is a flag of new-session and a
        // delay of run-shell), so every word that is not an option is judged as a line of code:
        // an option value judged that way is only a harmless word.
        let lines = arguments.map(\.text).filter { !$0.hasPrefix("-") }
        return lines.isEmpty ? nil : .code(lines.joined(separator: "\n"), origin: "tmux \(subcommand)")
    }

    /// `fd PATTERN … -x|--exec CMD … [;]` and `-X|--exec-batch CMD …`.
    private static func fd(_ words: [Word]) -> Launch? {
        guard
            let flag = words.firstIndex(where: {
                ["-x", "-X"].contains($0.text) || Invocation.abbreviates($0.text, "--exec")
                    || Invocation.abbreviates($0.text, "--exec-batch")
            }),
            flag + 1 < words.count
        else { return nil }
        let command = words[(flag + 1)...].prefix { $0.text != ";" && $0.text != "\\;" }
        return command.isEmpty ? nil : .command(Array(command), [])
    }

    /// Keys typed into a shell: key names that end a line become newlines.
    private static func typed(_ keys: some Sequence<String>) -> String {
        keys.map { ["Enter", "C-m", "KPEnter", "^M"].contains($0) ? "\n" : $0 }.joined(separator: " ")
            .replacingNewlineEscapes()
    }
}

extension String {
    /// `screen -X stuff 'cmd^M'` and `'cmd\n'` end the line too.
    fileprivate func replacingNewlineEscapes() -> String {
        var result = ""
        var characters = self[...]
        while let first = characters.first {
            if characters.hasPrefix("\\n") || characters.hasPrefix("^M") || characters.hasPrefix("\\r") {
                result.append("\n")
                characters = characters.dropFirst(2)
            } else {
                result.append(first)
                characters = characters.dropFirst()
            }
        }
        return result
    }
}
