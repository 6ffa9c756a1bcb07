/// Programs whose only job is to run another program. The policy judges the program they run.
enum Wrappers {
    static let shells: NameSet = [
        "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "yash", "fish", "rbash", "tcsh", "csh", "lksh", "pdksh", "oksh",
        "loksh", "posh", "rc", "sash", "elvish", "nu", "xonsh", "osh", "ysh", "oil", "es", "ksh93", "bash5", "hush",
    ]

    /// Launchers that take options and then a command, nothing else.
    static let plainLaunchers: NameTable<(valued: NameSet, valuedShort: String, leadingOperands: Int)> = [
        "nohup": ([], "", 0), "builtin": ([], "", 0), "coproc": ([], "", 0), "setsid": ([], "", 0), "unbuffer": ([], "", 0),
        "eatmydata": ([], "", 0), "fakeroot": ([], "", 0), "rlwrap": ([], "", 0), "catchsegv": ([], "", 0),
        "chronic": ([], "", 0), "proxychains": ([], "f", 0), "proxychains4": ([], "f", 0), "torsocks": ([], "", 0),
        "tsocks": ([], "", 0), "dbus-run-session": ([], "", 0), "pkexec": ([], "", 0),
        "nice": (["--adjustment"], "n", 0), "stdbuf": ([], "ioe", 0), "ionice": ([], "cnp", 0),
        "time": (["--format", "--output"], "fo", 0), "strace": ([], "abeEIoOpPsSuUX", 0),
        "ltrace": ([], "aAeEnopsuw", 0), "taskset": ([], "", 1), "chrt": ([], "T", 1), "numactl": ([], "CcimNnp", 0),
        "setarch": ([], "", 1), "cpulimit": ([], "lp", 0), "unshare": ([], "RwSG", 0), "nsenter": ([], "tSGrwn", 0),
        "firejail": ([], "", 0),
        "systemd-run": (["--unit", "--property", "--description", "--slice", "--on-calendar", "--on-active"], "pu", 0),
        "setpriv": ([], "", 0), "doas": ([], "uC", 0), "caffeinate": ([], "", 0), "logsave": ([], "", 1),
        "faketime": ([], "f", 1), "busybox": ([], "", 0), "flatpak-spawn": ([], "", 0), "tini": ([], "", 0),
        "dumb-init": ([], "", 0), "chpst": ([], "ugUn", 0), "prlimit": ([], "p", 0), "toybox": ([], "", 0),
        "valgrind": ([], "", 0), "perf": ([], "eopC", 1), "ltrace-wrapper": ([], "", 0), "uv": ([], "", 0),
        "run0": (
            [
                "--user", "--group", "--unit", "--property", "--description", "--slice", "--setenv", "--nice", "--chdir",
                "--machine", "--background",
            ], "uDg", 0
        ),
        "cgexec": ([], "g", 0), "dbus-launch": ([], "", 0),
        // Security-profile, resource and session launchers: each runs the command after its options.
        "aa-exec": (["--profile", "--namespace"], "pn", 0), "aoss": ([], "", 0), "choom": ([], "n", 0),
        "multitime": ([], "n", 0), "softlimit": ([], "acdflmoprst", 0), "sshpass": ([], "pfdP", 0),
        "ssh-agent": ([], "aEPt", 0), "torify": ([], "", 0), "setlock": ([], "", 1), "grc": ([], "c", 0),
        "openvt": (["--console", "--user"], "cu", 0), "pexec": ([], "", 0), "ts": ([], "LDSdgnN", 0),
        "schroot": (["--chroot", "--user", "--directory"], "cud", 0), "minijail0": ([], "ugcSbPk", 0),
        "sandbox": ([], "HTtMlCwhX", 0), "daemonize": ([], "acEelopu", 0),
        "systemd-inhibit": (["--what", "--who", "--why", "--mode"], "", 0),
        // Container launchers: `arch-nspawn CHROOT [CMD]` (it also sources the chroot's
        // makepkg.conf), `systemd-nspawn -D DIR [CMD]`; with no command, a shell.
        "arch-nspawn": ([], "CMcf", 1),
        "systemd-nspawn": (
            [
                "--directory", "--image", "--machine", "--user", "--setenv", "--bind", "--bind-ro", "--chdir", "--slice",
                "--property", "--network-interface", "--network-bridge", "--port", "--overlay", "--tmpfs", "--uuid",
            ], "DiMuESZLp", 0
        ),
        "xvfb-run": (
            ["--server-args", "--error-file", "--auth-file", "--server-num", "--xauth-protocol", "--wait"], "efnpsw", 0
        ),
    ]

    /// Paths that are a process's own standard input.
    static let stdinPaths: NameSet = ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0", "-"]

    /// Launchers that start a login shell when given no command.
    static let shellWhenEmpty: NameSet = [
        "unshare", "nsenter", "firejail", "pkexec", "doas", "chroot", "setpriv", "systemd-run", "busybox", "run0",
        "arch-nspawn", "systemd-nspawn",
    ]

    static func unwrap(_ invocation: Invocation, into evaluator: inout Evaluator) -> Launch? {
        let words = invocation.words
        let name = invocation.program
        switch name {
        case "sudo":
            return sudo(words)
        case "env":
            return env(words)
        case "command":
            let (start, options) = OptionScanner(words).scan()
            if options.contains(where: { $0.name == "-v" || $0.name == "-V" }) { return nil }
            return start < words.count ? .command(Array(words[start...]), []) : nil
        case "exec":
            let start = OptionScanner(words, valuedShort: "a").scan().operandIndex
            return start < words.count ? .command(Array(words[start...]), []) : nil
        case "timeout":
            let start = OptionScanner(words, valued: ["--signal", "--kill-after"], valuedShort: "sk").scan().operandIndex
            return start + 1 < words.count ? .command(Array(words[(start + 1)...]), []) : nil
        case "chroot":
            let start = OptionScanner(words, valued: ["--userspec", "--groups"]).scan().operandIndex
            if start + 1 < words.count { return .command(Array(words[(start + 1)...]), []) }
            return .finding(
                .shellInteractive,
                message: "chroot without a command starts a shell that reads commands from the SSH channel")
        case "watch":
            let (start, options) = OptionScanner(words, valued: ["--interval"], valuedShort: "nq").scan()
            guard start < words.count else { return nil }
            if options.contains(where: { $0.name == "-x" || $0.name == "--exec" }) { return .command(Array(words[start...]), []) }
            return .code(words[start...].map(\.text).joined(separator: " "), origin: "watch")
        case "xargs":
            return xargs(invocation)
        case "su", "runuser", "sg":
            let (start, options) = OptionScanner(
                words, valued: ["--command", "--shell", "--group", "--supp-group", "--session-command", "--user"],
                valuedShort: "csgGu"
            ).scan()
            if let code = options.first(where: { ["-c", "--command", "--session-command"].contains($0.name) })?.value
                ?? invocation.optionValues(short: ["-c"], long: ["--command", "--session-command"]).first
            {
                return .code(code.text, origin: name)
            }
            if name == "runuser", start < words.count, options.contains(where: { $0.name == "-u" || $0.name == "--user" }) {
                return .command(Array(words[start...]), [])
            }
            if name == "sg", start + 1 < words.count {
                return .code(words[(start + 1)...].map(\.text).joined(separator: " "), origin: "sg")
            }
            return .finding(
                .shellInteractive, message: "\(name) without -c starts a shell that reads commands from the SSH channel")
        case "script":
            let (_, options) = OptionScanner(
                words, valued: ["--command", "--log-in", "--log-out", "--log-io", "--log-timing", "--echo", "--logging-format"],
                valuedShort: "cEIOBTm"
            ).scan()
            if let code = options.first(where: { $0.name == "-c" || $0.name == "--command" })?.value {
                return .code(code.text, origin: "script -c")
            }
            return .finding(
                .shellInteractive, message: "script without -c starts an interactive shell on the SSH channel")
        case "flock":
            let (start, options) = OptionScanner(
                words, valued: ["--command", "--timeout", "--conflict-exit-code"], valuedShort: "cwE"
            ).scan()
            if let code = options.first(where: { $0.name == "-c" || $0.name == "--command" })?.value {
                return .code(code.text, origin: "flock -c")
            }
            return start + 1 < words.count ? .command(Array(words[(start + 1)...]), []) : nil
        case "eval":
            return eval(words, into: &evaluator)
        case "trap":
            // `trap CODE SIGNALS`: CODE runs later (on exit, on a signal).
            guard let code = invocation.operands.first, invocation.operands.count > 1, code.text != "-" else { return nil }
            return .code(code.text, origin: "trap")
        case "alias":
            // `alias NAME=VALUE`: dash (/bin/sh on Debian) expands aliases in scripts too, so a
            // later line that starts with NAME runs VALUE. The value is judged as code now.
            let values = invocation.operands.compactMap { word -> String? in
                guard let equals = word.text.firstIndex(of: "=") else { return nil }
                return String(word.text[word.text.index(after: equals)...])
            }
            return values.isEmpty ? nil : .code(values.joined(separator: "\n"), origin: "alias")
        case "parallel":
            let operands = words.prefix { $0.text != ":::" && $0.text != "::::" }
            let start = OptionScanner(Array(operands), valued: ["-j", "--jobs", "-S", "--sshlogin", "--delay", "--timeout"])
                .scan().operandIndex
            guard start < operands.count else { return nil }
            let inputs = words.drop { $0.text != ":::" }.dropFirst().filter { $0.text != ":::" }
            return .command(Array(operands[start...]) + inputs, [])
        case "source", ".":
            if invocation.firstOperand?.isProcessSubstitution == true { return .stdin(origin: name) }
            // `. /dev/stdin <<EOF` runs the here-document (dash reads it as a script).
            if let script = invocation.firstOperand?.text, stdinPaths.contains(script) {
                return .stdin(origin: "\(name) \(script)")
            }
            return nil
        default:
            if shells.contains(name) {
                if let script = invocation.operands.first,
                    let text = evaluator.writtenScripts.content(of: script, workingDirectory: invocation.workingDirectory)
                {
                    return .code(text, origin: "\(name) \(script.text) (written earlier in this command)")
                }
                return shell(invocation)
            }
            if let launch = DetachedLaunchers.unwrap(invocation) ?? SubscriptCode.unwrap(invocation)
                ?? PackageRunners.unwrap(invocation) ?? ServiceLaunchers.unwrap(invocation, into: &evaluator)
                ?? ShellVerbs.unwrap(invocation)
            {
                return launch
            }
            if let launcher = plainLaunchers[name] {
                let (start, options) = OptionScanner(words, valued: launcher.valued, valuedShort: launcher.valuedShort).scan()
                if name == "ionice" || name == "strace" || name == "ltrace" || name == "taskset" || name == "prlimit",
                    options.contains(where: { $0.name == "-p" })
                {
                    return nil
                }
                let commandStart = start + launcher.leadingOperands
                if commandStart < words.count { return .command(Array(words[commandStart...]), []) }
                if shellWhenEmpty.contains(name) {
                    return .finding(
                        .shellInteractive,
                        message: "\(name) without a command starts a shell that reads commands from the SSH channel")
                }
                return nil
            }
            return nil
        }
    }

    private static func sudo(_ words: [Word]) -> Launch? {
        let scanner = OptionScanner(
            words,
            valued: [
                "--user", "--group", "--chdir", "--prompt", "--role", "--type", "--host", "--other-user", "--close-from",
                "--command-timeout",
            ], valuedShort: "ugCDhprtUT")
        var (start, options) = scanner.scan()
        let names = Set(options.map(\.name))
        if names.contains("-e") || names.contains("--edit") {
            return .command([Word(text: "sudoedit")] + words[start...], [])
        }
        if !names.isDisjoint(with: [
            "-l", "--list", "-v", "--validate", "-k", "-K", "--reset-timestamp", "--remove-timestamp", "-V", "--version", "-h",
            "--help",
        ]),
            start >= words.count
        {
            return nil
        }
        var assignments: [(name: String, value: Word)] = []
        while start < words.count, let equals = words[start].text.firstIndex(of: "="),
            words[start].text[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        {
            var value = words[start]
            value.text = String(words[start].text[words[start].text.index(after: equals)...])
            assignments.append((String(words[start].text[..<equals]), value))
            start += 1
        }
        if start < words.count { return .command(Array(words[start...]), assignments) }
        if !names.isDisjoint(with: ["-i", "-s", "--login", "--shell"]) {
            return .finding(
                .shellInteractive,
                message: "sudo -i/-s without a command starts a root shell that reads commands from the SSH channel")
        }
        return nil
    }

    private static func env(_ words: [Word]) -> Launch? {
        let scanner = OptionScanner(words, valued: ["--unset", "--chdir", "--split-string"], valuedShort: "uCSP")
        var (start, options) = scanner.scan()
        if let split = options.first(where: { $0.name == "-S" || $0.name == "--split-string" })?.value {
            let rest = words[start...].map(\.text).joined(separator: " ")
            return .code(split.text + (rest.isEmpty ? "" : " " + rest), origin: "env -S")
        }
        var assignments: [(name: String, value: Word)] = []
        while start < words.count, let equals = words[start].text.firstIndex(of: "="), equals != words[start].text.startIndex,
            words[start].text[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        {
            var value = words[start]
            value.text = String(words[start].text[words[start].text.index(after: equals)...])
            assignments.append((String(words[start].text[..<equals]), value))
            start += 1
        }
        guard start < words.count else {
            return assignments.isEmpty ? nil : .command([Word(text: "env")], assignments)
        }
        return .command(Array(words[start...]), assignments)
    }

    private static func xargs(_ invocation: Invocation) -> Launch? {
        let words = invocation.words
        let scanner = OptionScanner(
            words,
            valued: [
                "--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-lines", "--max-chars", "--eof", "--replace",
                "--process-slot-var",
            ],
            valuedShort: "ILnPsdEa")
        let (start, options) = scanner.scan()
        var command = start < words.count ? Array(words[start...]) : [Word(text: "echo")]
        let replaces = options.contains { ["-I", "-i", "--replace"].contains($0.name) }
        // With its input from a file (`-a FILE`) or the terminal reopened (`-o`), xargs leaves
        // the child's standard input alone: a shell or interpreter it starts reads the SSH channel.
        let keepsStdin = options.contains { ["-a", "--arg-file", "-o", "--open-tty"].contains($0.name) }
        if keepsStdin, let first = command.first {
            let child = ProgramName.normalise(first)
            let runsCode = command.dropFirst().contains { ["-c", "-e", "-E", "--eval", "-r"].contains($0.text) }
            if ShellOperands.codeRunners.contains(child), !runsCode {
                return .finding(
                    .shellInteractive,
                    message: "xargs -a/-o starts \(child) with the SSH channel as its input: a shell reading the channel")
            }
        }
        // `xargs -I{} sh -c {}`: the shell code is whatever arrives on stdin, like `… | sh`.
        if replaces, let first = command.first, shells.contains(ProgramName.normalise(first)) {
            let shell = first.text
            let marker = options.first { $0.name == "-I" }?.value?.text ?? "{}"
            if let flag = command.firstIndex(where: { $0.text == "-c" }), flag + 1 < command.count,
                command[flag + 1].text.contains(marker)
            {
                // Fed by a pipe: judged by what the pipe carries. From a file: unknown input.
                if !invocation.upstream.isEmpty { return .stdin(origin: "xargs -I \(marker) \(shell) -c") }
                return .finding(
                    .shellCodeFromInput, message: "xargs -I \(marker) \(shell) -c runs lines of its input as shell code"
                )
            }
        }
        // What xargs appends comes from stdin: known when it is on the command line (a fixed
        // `echo`/`printf` piped in, a here-string or heredoc) and xargs does not read a file instead.
        let input = keepsStdin ? nil : StandardInput.visibleText(of: invocation)
        let items = input.map { $0.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\0" }) } ?? []
        if !replaces {
            if input != nil {
                command += items.map { Word(text: String($0)) }
            } else {
                command.append(Word(text: "$XARGS_INPUT", isStatic: false, startsWithExpansion: true))
            }
        } else if items.count == 1, let item = items.first {
            // `echo /etc | xargs -I% rm -rf %`: one line of input, one run with it in place of the marker.
            let marker = options.first { ["-I", "-i", "--replace"].contains($0.name) }?.value?.text ?? "{}"
            command = command.map { word in
                guard word.text.contains(marker) else { return word }
                var replaced = word
                replaced.text = word.text.replacingOccurrences(of: marker, with: String(item))
                return replaced
            }
        }
        return .command(command, [])
    }

    private static func eval(_ words: [Word], into evaluator: inout Evaluator) -> Launch? {
        guard !words.isEmpty else { return nil }
        if words.contains(where: \.hasCommandSubstitution) {
            return .finding(
                .execEvalComputed,
                message:
                    "eval runs text computed at run time (\"\(words.map(\.text).joined(separator: " "))\"), which the policy cannot see"
            )
        }
        evaluator.add(.execEval, "eval runs its arguments as shell code")
        if words.contains(where: { !$0.isStatic }) {
            evaluator.add(
                .execEvalDynamic, "eval runs text built from variables, which the policy cannot see")
        }
        return .code(words.map(\.text).joined(separator: " "), origin: "eval")
    }

    /// The code of `sh -c WORD`. A substitution in it is judged like a pipe into the shell:
    /// `sh -c "$(printf 'rm -rf /')"` runs the fixed text it prints, `sh -c "$(echo … | base64 -d)"`
    /// runs decoded code, hidden from the policy, as `echo … | base64 -d | sh` does.
    private static func shellCode(_ word: Word, origin: String) -> Launch {
        guard word.hasCommandSubstitution else { return .code(word.text, origin: origin) }
        let folded = ConstantSubstitutions.folded(word)
        if !folded.hasCommandSubstitution { return .code(folded.text, origin: origin) }
        let inner = word.substitutions.flatMap(ShellInputRules.simpleInvocations)
        if let decoder = inner.first(where: ShellInputRules.isDecoding) {
            return .finding(
                .shellDecodedCode, message: "\(origin) runs code decoded by \(decoder.program), hidden from the policy")
        }
        return .code(word.text, origin: origin)
    }

    /// `sh -c CODE`, `bash -lc CODE`, `sh script`, `sh` (stdin), `bash -i`.
    private static func shell(_ invocation: Invocation) -> Launch? {
        let words = invocation.words
        let (start, options) = OptionScanner(words, valued: ["--rcfile", "--init-file", "-o", "+o", "-O", "+O"], valuedShort: "")
            .scan()
        let letters = Set(options.filter { !$0.name.hasPrefix("--") }.map(\.name))
        if letters.contains("-c") {
            guard start < words.count else {
                return .finding(.parseUnparseable, message: "cannot be parsed: \(invocation.program) -c without code")
            }
            return shellCode(words[start], origin: "\(invocation.program) -c")
        }
        if letters.contains("-i") || options.contains(where: { $0.name == "--interactive" }) {
            return .finding(
                .shellInteractive, message: "\(invocation.program) -i starts an interactive shell on the SSH channel")
        }
        if options.contains(where: { $0.name == "--version" || $0.name == "--help" }) { return nil }
        if letters.contains("-s") || start >= words.count { return .stdin(origin: invocation.program) }
        if words[start].isProcessSubstitution || StandardInput.names.contains(words[start].text) {
            return .stdin(origin: invocation.program)
        }
        return nil
    }
}
