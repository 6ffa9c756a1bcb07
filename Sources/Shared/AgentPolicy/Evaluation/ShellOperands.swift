/// Launchers the policy has no entry for. Anything that runs a named program is a launcher, and
/// the tables of known ones will always lag behind (daemon starters, profile launchers, pagers'
/// and hook options of tools no one listed). What gives them away is the program they are handed:
/// an operand or option value that is the path of a shell or an interpreter (`aa-exec /bin/sh`,
/// `scrot -e /bin/sh`, `--pre-hook '/bin/sh -c …'`, `-wrapper /bin/sh,-s`, `--exec='!/bin/sh'`).
/// Such a word is judged as what it runs: a bare shell there reads the SSH channel, code there is
/// judged like `sh -c`.
enum ShellOperands {
    /// Programs whose operands name files as data: `cp /bin/sh x`, `sha256sum /bin/bash`.
    static let filesAsData: NameSet = [
        "cp", "mv", "ln", "install", "rm", "unlink", "shred", "chmod", "chown", "chgrp", "chattr", "lsattr", "touch",
        "mkdir", "rmdir", "file", "stat", "ls", "readlink", "realpath", "which", "whereis", "type", "command", "hash",
        "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum", "cksum", "sum", "strings",
        "objdump", "readelf", "nm", "size", "ldd", "cat", "head", "tail", "less", "more", "hexdump", "xxd", "od", "diff",
        "cmp", "grep", "egrep", "fgrep", "rg", "find", "locate", "dpkg", "dpkg-query", "rpm", "apt-file", "debsums", "chsh",
        "usermod", "useradd", "adduser", "echo", "printf", "test", "[", "[[", "update-alternatives", "tar", "zip",
        "gzip", "xz", "bzip2", "zstd", "scp", "rsync", "cpio", "basename", "dirname", "du", "wc", "getfacl", "setfacl",
        "setcap", "getcap", "shellcheck", "shfmt", "checkbashps", "strip", "patchelf", "upx", "namei", "lsof", "fuser",
        "pgrep", "pkill", "pidof", "killall", "man", "info", "whatis", "apropos", "tee", "dd", "base64", "sed", "awk",
        "gawk", "mawk", "sort", "uniq", "cut", "tr", "git", "docker", "podman", "kubectl", "export", "declare", "local",
        "readonly", "typeset", "alias", "unalias", "set", "unset", "sudoedit", "vi", "vim", "nano", "emacs", "chroot",
        "semanage", "restorecon", "chcon", "aa-complain", "aa-enforce", "ausearch", "gdb", "lldb", "valgrind", "strace",
        "ltrace", "perf", "file-roller", "7z", "unzip", "ar", "mktemp", "mkfifo", "shasum", "cpan", "busybox", "toybox",
    ]

    /// The read-only allow-list's programs only read what they are given.
    static let readers: NameSet = ReadonlyAllowList.anyArguments.union(ReadonlyAllowList.checked.keys)

    /// Names that, given as a program, read and run code: shells and interpreters.
    static let codeRunners: NameSet = Wrappers.shells.union(InterpreterRules.interpreters).union([
        "busybox", "toybox", "env", "python", "perl", "ruby", "node", "php", "lua", "tclsh", "wish", "expect",
    ])

    /// Operands and `--option=VALUE` values that may name a program the command runs, for
    /// programs that do not just handle files (a shell running a script is judged on its own).
    static func possibleScripts(of invocation: Invocation) -> [Word] {
        guard !filesAsData.contains(invocation.program), !readers.contains(invocation.program),
            !Wrappers.shells.contains(invocation.program), !["chmod", "source", "."].contains(invocation.program),
            // A compiler's source is read in its own language (`WrittenFileCode`), not as shell code.
            CompileAndRun.sources(of: invocation) == nil
        else { return [] }
        return invocation.words.compactMap { word in
            guard word.text.hasPrefix("-") else { return word }
            guard let equals = word.text.firstIndex(of: "=") else { return nil }
            var value = word
            value.text = String(word.text[word.text.index(after: equals)...])
            return value
        }
    }

    static func launches(in invocation: Invocation) -> [Launch] {
        guard !filesAsData.contains(invocation.program), !readers.contains(invocation.program),
            !Wrappers.shells.contains(invocation.program), !InterpreterRules.interpreters.contains(invocation.program)
        else { return [] }
        var launches: [Launch] = []
        for (index, word) in invocation.words.enumerated() {
            // Only a word with a path in it can name a shell or interpreter.
            guard word.text.utf8.contains(UInt8(ascii: "/")) else { continue }
            var text = word.text
            var fromOption = false
            if let setting = settingValue(text) {
                // `--hook=…`, `-o ssh_command=…`: a setting's value. Settings that choose the shell
                // a tool runs its own `-c` code with (`SHELL=/bin/bash`) start no bare shell.
                if setting.key.uppercased().hasSuffix("SHELL") { continue }
                text = setting.value
                fromOption = true
            } else if text.hasPrefix("-") {
                continue
            }
            launches += embeddedCalls(in: text, origin: "\(invocation.program) \(word.text)")
            // `--exec='!/bin/sh'`, `alias.x='!sh'`: a leading `!` means "run as a command".
            if text.hasPrefix("!") { text.removeFirst() }
            let code = text.replacingCommas()
            guard let first = code.split(separator: " ").first.map(String.init),
                ["/", "./", "../", "~/"].contains(where: { first.hasPrefix($0) }),
                codeRunners.contains(String(first.split(separator: "/").last ?? ""))
            else { continue }
            if code.contains(" ") || fromOption || code.contains(where: { ";|&<>".contains($0) }) {
                launches.append(.code(code, origin: "\(invocation.program) \(word.text)"))
            } else {
                // A separate operand: it and the words after it are the command line it gets.
                var command = invocation.words[index...].map { $0 }
                command[0] = Word(text: code)
                launches.append(.command(Array(command), []))
                break
            }
        }
        return launches
    }
}

extension ShellOperands {
    /// `--name=VALUE` or `key=VALUE` (a tool's setting), as (key, value).
    static func settingValue(_ text: String) -> (key: String, value: String)? {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        let key = text[..<equals].drop { $0 == "-" }
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
            return nil
        }
        return (String(key), String(text[text.index(after: equals)...]))
    }

    /// A shell or interpreter path called from inside another language's text, after a quote,
    /// parenthesis or brace (not a blank: a message may mention `/bin/sh`): `system("/bin/sh")`, `\write18{/bin/sh}`, `%(/bin/sh 1>&2)`,
    /// `execute(/bin/sh)`. The call runs to the delimiter that closes it.
    static func embeddedCalls(in text: String, origin: String) -> [Launch] {
        guard text.contains("/") else { return [] }
        var launches: [Launch] = []
        let characters = Array(text)
        var index = 1
        while index < characters.count {
            defer { index += 1 }
            guard characters[index] == "/", "\"'({[`".contains(characters[index - 1]) else { continue }
            let call = characters[index...].prefix { !"\"'){}]`".contains($0) }
            let program = call.prefix { $0 != " " && $0 != ";" && $0 != "," }
            guard let name = String(program).split(separator: "/").last.map(String.init), codeRunners.contains(name),
                String(program).hasPrefix("/")
            else { continue }
            // The whole word starting with the path is handled as an operand.
            if index == 0 { continue }
            launches.append(.code(String(call), origin: origin))
            index += call.count
        }
        return launches
    }
}

extension String {
    /// `-wrapper /bin/sh,-s`: tools that take a command as comma-separated words.
    fileprivate func replacingCommas() -> String {
        guard contains(",") && !contains(" ") else { return self }
        return split(separator: ",", omittingEmptySubsequences: false).joined(separator: " ")
    }
}
