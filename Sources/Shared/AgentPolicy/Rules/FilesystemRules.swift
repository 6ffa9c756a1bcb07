/// Deleting, moving, overwriting and re-permissioning files.
enum FilesystemRules {
    static let rules: [Rule] = [
        Rule(.rmRoot, programs: ["rm"]) { invocation in
            invocation.paths(invocation.operands).contains { $0.absolutePath == "/" } ? "rm of / deletes the whole system" : nil
        },
        Rule(.rmRecursiveSystemPath, programs: ["rm"]) { invocation in
            guard invocation.isRecursive else { return nil }
            for word in invocation.operands {
                let facts = PathFacts(word, workingDirectory: invocation.workingDirectory)
                if facts.isCriticalTree, facts.absolutePath != "/" {
                    return "recursive delete of \(describe(facts)) (a system or home directory)"
                }
                // `~/*` empties a home as surely as `rm -rf ~` deletes it.
                if word.hasUnquotedGlob, let parent = globParent(facts),
                    parent == "/" || PathFacts.systemDirectories.contains(parent) || PathFacts(Word(text: parent)).isHomeDirectory
                {
                    return "recursive delete of \(word.text) (everything in \(parent))"
                }
            }
            return nil
        },
        Rule(.homeDeleteAll, programs: ["rm", "find"]) { invocation in
            guard invocation.inHomeDirectory else { return nil }
            if invocation.program == "find" {
                return findDeletesEverything(invocation) ?? findExecDeletesEverything(invocation)
            }
            guard invocation.isRecursive else { return nil }
            let everything = invocation.operands.first { $0.hasUnquotedGlob && matchesEveryEntry($0.text) }
            return everything.map {
                "rm -r \($0.text) with no cd before it deletes everything in the home directory, where SSH runs commands"
            }
        },
        Rule(.rmRecursiveUnknownPath, programs: ["rm"]) { invocation in
            guard invocation.isRecursive else { return nil }
            for word in invocation.operands
            where PathFacts(word, workingDirectory: invocation.workingDirectory).kind == .anywhere
                && (word.hasCommandSubstitution || word.text.containsText(".."))
            {
                return "recursive delete of \(word.text), a path computed at run time that may be / or a system directory"
            }
            return nil
        },
        Rule(.rmAny, programs: ["rm", "unlink", "shred", "srm"]) { invocation in
            if invocation.onlyAsksForHelp { return nil }
            let targets = invocation.operands.map(\.text).joined(separator: " ")
            return invocation.isRecursive
                ? "\(invocation.program) -r deletes \(targets) and everything below it"
                : "\(invocation.program) deletes \(targets.isEmpty ? "files" : targets)"
        },
        Rule(.findDelete, programs: ["find"]) { invocation in
            invocation.words.contains { $0.text == "-delete" } ? "find -delete deletes every file it matches" : nil
        },
        Rule(.findDeleteSystemPath, programs: ["find"]) { invocation in
            if let exec = findExecDeletesSystemTree(invocation) { return exec }
            guard invocation.words.contains(where: { $0.text == "-delete" }) else { return nil }
            let starts = invocation.words.prefix { !$0.text.hasPrefix("-") && $0.text != "(" && $0.text != "!" }
            let system = invocation.paths(Array(starts)).first { $0.isCriticalTree }
            return system.map { "find \($0.original) -delete deletes files throughout a system directory" }
        },
        Rule(.rsyncDelete, programs: ["rsync"]) { invocation in
            // A dry run (`-n`, `--dry-run`, exactly: an abbreviation may mean another option) deletes nothing.
            if invocation.hasFlag("n", long: ["--dry-run"], abbreviated: false) { return nil }
            let deleting = invocation.words.first {
                $0.text.hasPrefix("--del") || $0.text == "--remove-source-files" || $0.text == "--remove-sent-files"
            }
            return deleting.map { "rsync \($0.text) deletes files" }
        },
        Rule(.permissionsRecursive, programs: ["chmod", "chown", "chgrp", "setfacl", "chattr"]) {
            invocation in
            invocation.isRecursive ? "\(invocation.program) -R changes permissions of a whole tree" : nil
        },
        Rule(.permissionsRecursiveSystemPath, programs: ["chmod", "chown", "chgrp", "setfacl", "chattr"]) {
            invocation in
            guard invocation.isRecursive else { return nil }
            return invocation.paths(invocation.operands).first(where: \.isCriticalTree).map {
                "\(invocation.program) -R on \(describe($0)) can break the system"
            }
        },
        Rule(.permissionsSetuid, programs: ["chmod"]) { invocation in
            guard let mode = invocation.operands.first?.text else { return nil }
            let numericSetuid =
                mode.count == 4 && mode.allSatisfy(\.isNumber) && ["2", "4", "6", "3", "5", "7"].contains(mode.first!)
            let symbolicSetuid = (mode.contains("+") || mode.contains("=")) && mode.contains("s")
            return numericSetuid || symbolicSetuid ? "chmod \(mode) sets the setuid/setgid bit" : nil
        },
        // `mv /etc /etc.bak` or `mv /usr/bin /tmp`: once the tree is gone the shell, sudo and mv
        // itself may no longer load, so the move cannot be undone over SSH. Deeper trees
        // (`mv /etc/nginx /etc/nginx.old`, `mv /opt/app /opt/app.old`) are everyday swaps.
        Rule(.filesystemMoveSystemTree, programs: ["mv"]) { invocation in
            let hasTarget = !invocation.optionValues(short: ["-t"], long: ["--target-directory"]).isEmpty
            let sources = hasTarget ? invocation.operands : Array(invocation.operands.dropLast())
            let moved = invocation.paths(sources).first(where: isOperatingSystemTree)
            return moved.map { "mv \($0.original) moves \(describe($0)) away, breaking the system" }
        },
        Rule(.filesystemSystemPathWrite) { invocation in
            // Deleting and raw copying have rules of their own with better messages.
            if ["rm", "unlink", "shred", "dd"].contains(invocation.program) { return nil }
            let written = invocation.written.first { $0.isSystemWriteTarget }
            return written.map { "\(invocation.program) writes into \(describe($0)), a system path" }
        },
    ]

    /// `/`, a top-level system directory (`/etc`, `/usr`, `/boot`), or one of `/usr`'s own trees.
    static func isOperatingSystemTree(_ facts: PathFacts) -> Bool {
        guard let path = facts.absolutePath else { return false }
        if path == "/" || PathFacts.systemDirectories.contains(path) { return true }
        let parts = path.split(separator: "/")
        return parts.count == 2 && parts[0] == "usr" || path == "/var/lib"
    }

    /// The paths an invocation creates, overwrites, moves or edits (not the ones it only reads).
    static func writtenPaths(of invocation: Invocation) -> [PathFacts] {
        let operands = invocation.operands
        switch invocation.program {
        case "cp", "mv", "install", "ln", "rsync":
            // An rsync dry run writes nothing; `rsync --server --sender` is the sending end, it only reads.
            if invocation.program == "rsync",
                invocation.hasFlag("n", long: ["--dry-run"], abbreviated: false)
                    || (invocation.words.contains { $0.text == "--server" }
                        && invocation.words.contains { $0.text == "--sender" })
            {
                return []
            }
            if let target = invocation.optionValues(short: ["-t"], long: ["--target-directory"]).first {
                return invocation.paths([target]) + (invocation.program == "mv" ? invocation.paths(operands) : [])
            }
            guard let last = operands.last, operands.count >= 2 || invocation.program == "install" else { return [] }
            return invocation.paths(invocation.program == "mv" ? operands : [last])
        case "tee", "truncate", "touch", "mkdir", "rmdir", "shred", "unlink", "rm", "chmod", "chown", "chgrp", "chattr",
            "setfacl", "sudoedit", "mknod", "mkfifo":
            let targets =
                ["chmod", "chown", "chgrp", "setfacl"].contains(invocation.program) ? Array(operands.dropFirst()) : operands
            return invocation.paths(targets)
        case "visudo":
            // visudo edits /etc/sudoers (or the `-f` file) with whatever $EDITOR writes; `-c` only checks.
            if invocation.hasFlag("c", long: ["--check"]) { return [] }
            let file = invocation.optionValues(short: ["-f"], long: ["--file"]).first ?? Word(text: "/etc/sudoers")
            return invocation.paths([file])
        case "sed", "perl":
            guard invocation.hasFlag("i", long: ["--in-place"]) || invocation.words.contains(where: { $0.text.hasPrefix("-i") })
            else { return [] }
            return invocation.paths(Array(operands.dropFirst()))
        case "dd":
            return invocation.words.compactMap { word in
                guard word.text.hasPrefix("of=") else { return nil }
                var target = word
                target.text = String(word.text.dropFirst(3))
                return PathFacts(target, workingDirectory: invocation.workingDirectory)
            }
        case "find":
            var result: [PathFacts] = []
            for (index, word) in invocation.words.enumerated()
            where ["-fprint", "-fprint0", "-fprintf", "-fls"].contains(word.text) {
                if index + 1 < invocation.words.count {
                    result.append(PathFacts(invocation.words[index + 1], workingDirectory: invocation.workingDirectory))
                }
            }
            return result
        case "tar", "bsdtar":
            let first = invocation.words.first?.text ?? ""
            let extracting =
                invocation.hasFlag("x", long: ["--extract", "--get"]) || (!first.hasPrefix("-") && first.contains("x"))
            let indexFiles = invocation.paths(invocation.optionValues(long: ["--index-file"]))
            guard extracting else { return indexFiles }
            let directories = invocation.optionValues(short: ["-C"], long: ["--directory"])
            return invocation.paths(directories.isEmpty ? [Word(text: ".")] : directories)
                + ToolWrittenPaths.tarAbsolute(invocation)
        case "unzip":
            return invocation.paths(invocation.optionValues(short: ["-d"]))
        case "cpio":
            let directory = invocation.optionValues(short: ["-D"], long: ["--directory"])
            if invocation.hasFlag("p", long: ["--pass-through"]) {
                return invocation.paths(Array(invocation.operands.suffix(1)) + directory)
            }
            return invocation.paths(directory)
        case "lshw", "dmidecode":
            return invocation.paths(invocation.optionValues(long: ["-dump", "--dump", "--dump-bin"]))
        case "aws":
            // `aws s3 cp SRC DEST` and `aws s3api get-object … OUTFILE` write local files.
            let valued = ProgramTable.cloudOptions.union(["--bucket", "--key", "--version-id", "--range"])
            let operands = ProgramTable.call(program: "aws", words: invocation.words, valued: valued)?.operands ?? []
            if operands.first == "s3", ["cp", "mv", "sync"].contains(operands.dropFirst().first ?? ""),
                let destination = operands.last, !destination.hasPrefix("s3://")
            {
                return invocation.paths([Word(text: destination)])
            }
            if operands.first == "s3api", operands.dropFirst().first == "get-object", let outfile = operands.last,
                operands.count > 2
            {
                return invocation.paths([Word(text: outfile)])
            }
            return []
        case "curl", "wget", "sort", "base64", "git", "sdiff", "info":
            return (invocation.program == "git" ? ToolWrittenPaths.gitApply(invocation) : [])
                + invocation.paths(
                    invocation.optionValues(
                        short: invocation.program == "wget" ? ["-O"] : ["-o"], long: ["--output", "--output-document"]))
        case "screen":
            return invocation.paths(invocation.optionValues(long: ["-Logfile"]))
        case "script":
            // `script [options] [FILE]`: the typescript goes to FILE.
            let (start, _) = OptionScanner(
                invocation.words, valued: ["--command", "--log-in", "--log-out", "--log-io", "--log-timing", "--logging-format"],
                valuedShort: "cEIOBTm"
            ).scan()
            return start < invocation.words.count ? invocation.paths([invocation.words[start]]) : []
        case "time", "strace", "ltrace":
            return invocation.paths(invocation.optionValues(short: ["-o"], long: ["--output"]))
        // Capture, log and dump files of tools whose option letters differ from the usual `-o`.
        case "tcpdump", "varnishncsa", "tshark", "dumpcap":
            return invocation.paths(invocation.optionValues(short: ["-w"]))
        case "rlwrap", "logrotate":
            return invocation.paths(invocation.optionValues(short: ["-l"], long: ["--logfile", "--log"]))
        case "xxd":
            // `xxd -r HEX OUTFILE` writes OUTFILE (and `xxd IN OUT` its dump).
            return invocation.operands.count >= 2 ? invocation.paths([invocation.operands[1]]) : []
        case "openssl":
            return invocation.paths(invocation.optionValues(long: ["-out", "-keyout"]))
        case "lwp-download":
            return invocation.operands.count >= 2 ? invocation.paths([invocation.operands[1]]) : []
        case "update-alternatives":
            return invocation.paths(invocation.optionValues(long: ["--install"]))
        case "sqlite3":
            // Dot-commands that write: `.output FILE`, `.once FILE`, `.save FILE`, `.backup FILE`.
            let files = invocation.words.compactMap { word -> Word? in
                for command in [".output ", ".once ", ".save ", ".backup "] where word.text.hasPrefix(command) {
                    return Word(text: String(word.text.dropFirst(command.count)).trimmingSpaces())
                }
                return nil
            }
            return invocation.paths(files)
        default:
            return ToolWrittenPaths.paths(of: invocation) ?? outputOptionTargets(of: invocation)
        }
    }

    /// A wrapper that writes a file of its own (`screen -Logfile F`, `script F`, `strace -o F`) is
    /// judged for that write; the rules see only the program it wraps.
    static func checkWrapperWrites(_ wrapper: Invocation, into evaluator: inout Evaluator) {
        for target in writtenPaths(of: wrapper) {
            if GuardrailRules.isProtected(target) {
                evaluator.add(.guardrailTamper, "\(wrapper.program) writes \(target.original), which guards this account")
            } else if target.isSystemWriteTarget {
                evaluator.add(.filesystemSystemPathWrite, "\(wrapper.program) writes into \(target.original), a system path")
            }
            if evaluator.config.mode == .readonly, target.absolutePath != "/dev/null" {
                evaluator.add(.readonlyNotAllowed, "\(wrapper.program) writes \(target.original)")
            }
        }
    }

    /// Programs with no entry of their own: the conventional output and log options
    /// (`-o FILE`, `--output=FILE`, `--outFile`, `--log-file`, `-Logfile`, nmap's `-oN FILE`) name
    /// files they write. Readers on the allow-list only read, and keep their `-o` for other things.
    static func outputOptionTargets(of invocation: Invocation) -> [PathFacts] {
        if ShellOperands.readers.contains(invocation.program) { return [] }
        let mayHaveOne = invocation.words.contains { word in
            let text = word.text
            return text.hasPrefix("-o") || text.hasPrefix("--o") || text.hasPrefix("--l") || text.hasPrefix("--w")
                || text.hasPrefix("--d") || text.hasPrefix("-L") || text.hasPrefix("-out")
        }
        guard mayHaveOne else { return [] }
        let values = invocation.optionValues(
            short: ["-o"],
            long: [
                "--output", "--out", "--outfile", "--output-file", "--outFile", "--out-file", "--log-file", "--logfile",
                "--log", "--write", "--dump", "-Logfile", "-oN", "-oG", "-oX", "-oA", "-oS", "-outfile", "-out",
            ])
        // `-oN=FILE` is nmap's attached form; `-o` values that are option lists (`-o ro,noexec`) are not paths.
        let files = values.compactMap { word -> Word? in
            var value = word
            if value.text.hasPrefix("=") { value.text.removeFirst() }
            return value.text.hasPrefix("/") || value.text.hasPrefix("~") || value.text.hasPrefix(".") ? value : nil
        }
        return invocation.paths(files)
    }

    /// `*`, `.*`, `./*`, `.[!.]*`, `.??*`: a pattern with no name in it matches every entry (or
    /// every hidden one, which is where a home directory keeps its keys and settings).
    static func matchesEveryEntry(_ pattern: String) -> Bool {
        let name = pattern.hasPrefix("./") ? pattern.dropFirst(2) : pattern[...]
        return name.contains("*") && name.allSatisfy { "*?.[]!^".contains($0) }
    }

    /// `find . -delete`, `find -mindepth 1 -delete`, `find . -type f -delete` in the home directory:
    /// no test that narrows by name, path, age or size, so it deletes everything there.
    static func findDeletesEverything(_ invocation: Invocation) -> String? {
        let words = invocation.words.map(\.text)
        guard words.contains("-delete") else { return nil }
        let starts = words.prefix { !$0.hasPrefix("-") && $0 != "(" && $0 != "!" }
        guard starts.allSatisfy({ [".", "./"].contains($0) }) else { return nil }
        let broad: NameSet = [
            "-delete", "-type", "-mindepth", "-maxdepth", "-depth", "-xdev", "-mount", "-print", "-f", "d", "l",
            "-ignore_readdir_race",
            "-P", "-H", "-L", "-O0", "-O1", "-O2", "-O3", "1", "0", ".", "./", "f",
        ]
        return words.allSatisfy(broad.contains)
            ? "find \(starts.first ?? ".") -delete with no cd before it deletes everything in the home directory" : nil
    }

    /// `> file`, `>> file`, `&> file`: writes into system paths, raw disks and sockets.
    static func checkRedirect(_ redirect: Redirect, workingDirectory: String?, into evaluator: inout Evaluator) {
        let target = PathFacts(redirect.target, workingDirectory: workingDirectory)
        if let path = target.absolutePath, path.hasPrefix("/dev/tcp/") || path.hasPrefix("/dev/udp/") {
            evaluator.add(
                .networkDevTcp,
                "redirection to \(path) opens a network connection from the shell (a reverse-shell technique)")
            return
        }
        if redirect.op == .input || redirect.op == .readWrite, SecretRules.isSecret(target) {
            evaluator.add(.secretsRead, "reads \(target.original), which holds secrets")
        }
        guard redirect.writesFile else { return }
        if GuardrailRules.isProtected(target) {
            evaluator.add(
                .guardrailTamper,
                "redirection writes to \(target.original), which guards this account (\(GuardrailRules.why(target)))")
        } else if target.isDiskDevice {
            evaluator.add(.disksRawDeviceWrite, "redirection writes straight onto the disk device \(target.original)")
        } else if target.isSystemWriteTarget {
            evaluator.add(
                .filesystemSystemPathWrite, "redirection writes into \(describe(target)), a system path")
        }
        if HardeningRules.runsCommandsLater(target) {
            evaluator.add(
                .configRunsCommands,
                "redirection writes to \(target.original), whose settings can run commands later")
        }
        if evaluator.config.mode == .readonly, target.absolutePath != "/dev/null",
            !PathFacts.harmlessDevices.contains(target.absolutePath ?? "")
        {
            evaluator.add(
                .readonlyRedirect, "redirection writes to \(target.original); readonly mode allows no file writes")
        }
    }

    static func describe(_ facts: PathFacts) -> String {
        guard let path = facts.absolutePath else { return facts.original }
        return path == facts.original ? path : "\(facts.original) (\(path.replacingHome()))"
    }

    /// For `/etc/*` or `/*`: the directory whose contents the glob names.
    static func globParent(_ facts: PathFacts) -> String? {
        guard let path = facts.absolutePath, let slash = path.lastIndex(of: "/") else { return nil }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}

extension String {
    func replacingHome() -> String {
        hasPrefix(PathFacts.home) ? "~" + dropFirst(PathFacts.home.count) : self
    }
}
