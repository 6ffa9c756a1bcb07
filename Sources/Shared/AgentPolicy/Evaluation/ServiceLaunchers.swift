/// Daemon starters, init-script wrappers, directory runners and transient-unit schedulers: they
/// run a named program (or every program in a directory), now or later.
enum ServiceLaunchers {
    static func unwrap(_ invocation: Invocation, into evaluator: inout Evaluator) -> Launch? {
        let words = invocation.words
        switch invocation.program {
        case "start-stop-daemon":
            return startStopDaemon(invocation)
        case "run-parts":
            return runParts(invocation)
        case "service":
            // `service NAME ACTION` runs /etc/init.d/NAME: a name with a slash is a path of the
            // caller's choosing (`service ../../bin/sh`).
            guard let name = invocation.operands.first, name.text.contains("/") else { return nil }
            let rest = words.drop { $0.text != name.text }.dropFirst()
            return .command([Word(text: "/etc/init.d/" + name.text)] + rest, [])
        case "invoke-rc.d":
            // The Debian policy wrapper around init scripts: the same change as `service NAME ACTION`.
            let operands = invocation.operands
            guard operands.count >= 2 else { return nil }
            return .command([Word(text: "service")] + operands, [])
        case "update-rc.d", "chkconfig", "rc-update", "insserv":
            let operands = invocation.operands.map(\.text)
            if operands.isEmpty || operands == ["--list"] || operands.first == "show" { return nil }
            return .finding(
                .servicesServiceChange,
                message: "\(invocation.program) \(operands.joined(separator: " ")) changes which services start at boot")
        case "systemd-run":
            // A timer option makes a transient unit a scheduled job; the command it runs is still
            // judged (as a plain launcher, below).
            let timers = ["--on-calendar", "--on-active", "--on-boot", "--on-startup", "--on-unit-active", "--on-unit-inactive"]
            if let timer = words.first(where: { word in timers.contains { word.text == $0 || word.text.hasPrefix($0 + "=") } }) {
                evaluator.add(.scheduleChange, "systemd-run \(timer.text) schedules a command to run later, unseen")
            }
            return nil
        case "ksu":
            guard let flag = words.firstIndex(where: { $0.text == "-e" }), flag + 1 < words.count else { return nil }
            return .command(Array(words[(flag + 1)...]), [])
        case "runcon":
            // `runcon CONTEXT CMD…` or `runcon -t TYPE … CMD…`.
            let (start, options) = OptionScanner(words, valuedShort: "turl").scan()
            let commandStart = options.isEmpty ? start + 1 : start
            return commandStart < words.count ? .command(Array(words[commandStart...]), []) : nil
        default:
            return nil
        }
    }

    /// `start-stop-daemon --start --exec PATH -- ARGS`: starts PATH (or `--startas`) with ARGS.
    private static func startStopDaemon(_ invocation: Invocation) -> Launch? {
        let words = invocation.words
        let names = words.map(\.text)
        let stopping = names.contains { $0 == "-K" || $0 == "--stop" }
        if stopping {
            return .finding(.servicesServiceChange, message: "start-stop-daemon --stop stops a running daemon")
        }
        guard names.contains(where: { $0 == "-S" || $0 == "--start" }) || names.contains(where: { $0.hasPrefix("-S") }) else {
            return nil
        }
        // Exact names: `--start` would abbreviate `--startas`.
        var program: Word?
        for (index, word) in words.enumerated() where index + 1 < words.count {
            if ["-a", "-x", "--startas", "--exec"].contains(word.text) { program = words[index + 1] }
        }
        if program == nil, let attached = words.first(where: { $0.text.hasPrefix("--exec=") || $0.text.hasPrefix("--startas=") })
        {
            var value = attached
            value.text = String(attached.text.drop { $0 != "=" }.dropFirst())
            program = value
        }
        guard let program else { return nil }
        let arguments = words.drop { $0.text != "--" }.dropFirst()
        return .command([program] + arguments, [])
    }

    /// `run-parts DIR` runs every executable in DIR; `--test`/`--list` only name them.
    private static func runParts(_ invocation: Invocation) -> Launch? {
        let names = invocation.words.map(\.text)
        if names.contains(where: { ["--test", "--list", "--help", "--version"].contains($0) }) { return nil }
        let (start, _) = OptionScanner(invocation.words, valued: ["--regex", "--arg", "-a", "-u", "--umask"], valuedShort: "au")
            .scan()
        guard start < invocation.words.count else { return nil }
        let directory = PathFacts(invocation.words[start], workingDirectory: invocation.workingDirectory)
        let path = directory.absolutePath.flatMap { PathFacts.normalise($0) } ?? invocation.words[start].text
        if ProgramName.standardDirectories.contains(path) {
            return .finding(
                .shellInteractive,
                message: "run-parts \(path) runs the system's programs, its shells among them, with the SSH channel as input")
        }
        return .finding(.launcherUnseenPrograms, message: "run-parts \(path) runs every program in \(path), unseen by the policy")
    }
}
