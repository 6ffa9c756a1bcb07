/// Programs that take commands from their standard input and can start a shell from them (`!sh`
/// in ed, ftp, psql or gdb, `:!sh` in vi). Run with no script, no command option and nothing fed
/// to their input, they read the SSH channel: whatever arrives next runs unseen, like a bare
/// shell's input.
enum ChannelReaderRules {
    /// Program → the options (or first operands) that give it its commands instead of the channel.
    static let readers: NameTable<NameSet> = [
        "ed": ["-V", "--version", "-h", "--help"], "red": ["--version"],
        "ex": ["-s", "--version"], "vi": ["--version", "-es", "-Es"], "vim": ["--version", "-es", "-Es"],
        "nvim": ["--version", "--headless", "-es", "-Es"], "view": ["--version"], "rvim": ["--version"],
        "vimdiff": ["--version"], "nano": ["--version", "-V"],
        "ftp": [], "tnftp": [], "ncftp": [], "lftp": ["-c", "-f", "-e", "--version"], "telnet": [], "psftp": ["-b"],
        "sftp": ["-b"], "smbclient": ["-c", "--command", "-L", "--list", "-V", "--version"],
        "psql": ["-c", "--command", "-f", "--file", "-l", "--list", "-V", "--version", "--help"],
        "mysql": ["-e", "--execute", "-V", "--version", "--help"], "mariadb": ["-e", "--execute", "-V", "--version", "--help"],
        "gdb": ["-batch", "--batch", "-x", "--command", "-ex", "--eval-command", "--version", "-p", "--pid"],
        "dc": ["-e", "--expression", "-f", "--file", "-V", "--version"],
        "debugfs": ["-R", "-f", "-V"], "bconsole": [], "ginsh": [], "tasksh": [], "scanmem": ["-v", "--version"],
        "gnuplot": ["-e", "-V", "--version"], "ghci": ["-e", "--version"], "irb": ["-v", "--version"], "pry": ["-e", "-v"],
        "crash": ["-h", "--help", "-v"],
        // Full-screen programs with a shell escape (`b` in ncdu, `S` in ranger, `^K!` in joe, `!`
        // in iftop, `^A J` in minicom) take their keys from the channel.
        "ncdu": ["-o", "-h", "--help", "-v", "-V", "--version"], "ranger": ["--version", "--help", "--copy-config"],
        "joe": ["--help"], "iftop": ["-t", "-h"], "minicom": ["-h", "--help", "-v", "--version"],
        "nnn": ["-V", "-h"], "vifm": ["--version", "-h", "--help"], "mc": ["--version", "-V", "-h", "--help"],
        // m4's syscmd() runs commands; with no file it reads its macros from the channel.
        "m4": ["--version", "--help"], "gm4": ["--version", "--help"],
    ]

    /// Readers whose first operand (a file name) is their script rather than data to edit.
    static let scriptOperand: NameSet = ["dc", "gnuplot", "debugfs", "sftp", "m4", "gm4"]

    static let rules: [Rule] = [
        Rule(
            .interactiveReadsChannel,
            programs: readers.keys.union(["sqlite3", "nmap", "asterisk", "redis-cli", "pic", "gpic", "groff", "troff"])
        ) { invocation in
            guard invocation.inlineInput == nil, invocation.upstream.isEmpty,
                !invocation.redirects.contains(where: { $0.op == .input || $0.op == .heredoc || $0.op == .hereString })
            else { return nil }
            let texts = invocation.words.map(\.text)
            let name = invocation.program
            switch name {
            case "sqlite3":
                // `sqlite3 DB` alone reads SQL and dot-commands (`.shell`) from the channel.
                guard invocation.operands.count <= 1, !texts.contains(where: { ["-version", "--version", "-help"].contains($0) })
                else { return nil }
            case "redis-cli":
                // With no command among its operands, redis-cli reads commands (`CONFIG SET dir`,
                // `SAVE`: a file written anywhere the server can write) from the channel.
                let valued = [
                    "-h", "-p", "-s", "-a", "-u", "-n", "-r", "-i", "-d", "--user", "--pass", "--cacert", "--cert", "--key",
                ]
                let start = OptionScanner(invocation.words, valued: NameSet(valued)).scan().operandIndex
                guard start >= invocation.words.count,
                    !texts.contains(where: {
                        ["--version", "-v", "--help", "--stat", "--bigkeys", "--scan", "--latency", "--rdb", "--pipe", "--eval"]
                            .contains($0)
                    })
                else { return nil }
            case "pic", "gpic", "groff", "troff":
                // Unsafe mode (`-U`) with no file: `sh` requests arriving on the channel run.
                let unsafe = texts.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("U") }
                guard unsafe, invocation.operands.isEmpty else { return nil }
            case "nmap":
                guard texts.contains("--interactive") else { return nil }
            case "asterisk":
                guard texts.contains(where: { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("r") }) else { return nil }
                if texts.contains(where: { $0 == "-x" || ($0.hasPrefix("-") && $0.contains("x")) }) { return nil }
            default:
                guard let batch = readers[name] else { return nil }
                if texts.contains(where: { text in
                    batch.contains(text) || batch.contains { $0.count > 2 && text.hasPrefix($0 + "=") }
                        || batch.contains { $0.count == 2 && text.hasPrefix($0) && !text.hasPrefix("--") }
                }) {
                    return nil
                }
                if scriptOperand.contains(name), invocation.operands.count > (name == "debugfs" || name == "sftp" ? 1 : 0) {
                    return nil
                }
            }
            return "\(name) takes its commands from the SSH channel, and those can start a shell the policy never sees"
        }
    ]
}
