/// `at` and `crontab` store shell code that runs later, unattended. When that code is visible on
/// the command line (a heredoc, a here-string, a piped `echo`), it is judged now as if it ran now:
/// `echo 'rm -rf /' | at now` is the delete, not just "changes scheduled jobs".
enum ScheduledJobs {
    static func launches(_ invocation: Invocation) -> [Launch] {
        switch invocation.program {
        case "at", "batch": return atJob(invocation)
        case "crontab": return crontabJobs(invocation)
        default: return []
        }
    }

    /// `at` reads the job from standard input unless `-f` names a file, or it only lists, shows
    /// or removes jobs. Standard input is then judged like a shell's (heredoc, piped code, or the
    /// SSH channel itself when nothing feeds it).
    private static func atJob(_ invocation: Invocation) -> [Launch] {
        let nonJob = invocation.words.contains { word in
            let text = word.text
            guard text.hasPrefix("-"), !text.hasPrefix("--") else { return text == "--help" || text == "--version" }
            return text.contains("f") || text.contains("l") || text.contains("c") || text.contains("d")
                || text.contains("r") || text.contains("V")
        }
        if nonJob || invocation.program == "at" && invocation.operands.isEmpty { return [] }
        return [.stdin(origin: "\(invocation.program) (the scheduled job)")]
    }

    /// `crontab -` or `crontab` with no file reads a crontab from standard input; each entry's
    /// command is the text after its schedule (five fields, or one `@reboot`-style keyword).
    private static func crontabJobs(_ invocation: Invocation) -> [Launch] {
        let operands = invocation.operands.map(\.text)
        guard operands.isEmpty || operands == ["-"],
            !invocation.words.contains(where: { ["-l", "-r", "-e", "-i"].contains($0.text) })
        else { return [] }
        guard let table = StandardInput.visibleText(of: invocation) else { return [] }
        return table.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first, !first.hasPrefix("#"), !first.contains("=") else { return nil }
            let command = fields.dropFirst(first.hasPrefix("@") ? 1 : 5).joined(separator: " ")
            return command.isEmpty ? nil : .code(command, origin: "crontab (a scheduled job)")
        }
    }

    /// `echo '* * * * * root curl x|sh' | sudo tee /etc/crontab`, `echo … > /etc/cron.d/x`: a cron
    /// table written with visible text. Each entry's command is returned as code to judge; the
    /// system tables (`/etc/crontab`, `/etc/cron.d/*`) carry a user field after the schedule.
    static func cronFileJobs(_ invocation: Invocation) -> [String] {
        var targets = invocation.redirects.filter(\.writesFile).map(\.target)
        if invocation.program == "tee" { targets += invocation.operands }
        let tables = invocation.paths(targets).compactMap(\.absolutePath).filter(isCronTable)
        guard let table = tables.first, let text = writtenText(invocation) else { return [] }
        let hasUserField = table == "/etc/crontab" || table.hasPrefix("/etc/cron.d/")
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first, !first.hasPrefix("#"), !first.contains("=") else { return nil }
            let schedule = first.hasPrefix("@") ? 1 : 5
            let command = fields.dropFirst(schedule + (hasUserField ? 1 : 0)).joined(separator: " ")
            return command.isEmpty ? nil : command
        }
    }

    static func isCronTable(_ path: String) -> Bool {
        path == "/etc/crontab" || path.hasPrefix("/etc/cron.d/") || path.hasPrefix("/var/spool/cron/")
    }

    /// The text a writing command puts in its file: `echo`/`printf` of fixed words, or what
    /// `cat`/`tee` copy from input the command line shows.
    private static func writtenText(_ invocation: Invocation) -> String? {
        switch invocation.program {
        case "echo": return invocation.words.allSatisfy(\.isStatic) ? WrittenScripts.echoed(invocation) : nil
        case "printf":
            guard invocation.words.allSatisfy(\.isStatic), let format = invocation.operands.first else { return nil }
            return WrittenScripts.printfEscapes(format.text)
        case "cat", "tee": return StandardInput.visibleText(of: invocation)
        default: return nil
        }
    }
}
