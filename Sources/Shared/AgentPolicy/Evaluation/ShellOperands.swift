/// Launchers the policy has no entry for. Anything that runs a named program is a launcher, and
/// the tables of known ones will always lag behind (daemon starters, profile launchers, pagers'
/// and hook options of tools no one listed). What gives them away is the program they are handed:
/// an operand or option value that is the path of a shell or an interpreter (`aa-exec /bin/sh`,
/// `scrot -e /bin/sh`, `--pre-hook '/bin/sh -c …'`, `-wrapper /bin/sh,-s`, `--exec='!/bin/sh'`).
/// Such a word is judged as what it runs: a bare shell there reads the SSH channel, code there is
/// judged like `sh -c`.
enum ShellOperands {
    /// Programs whose operands name files as data: `cp /bin/sh x`, `sha256sum /bin/bash`.
    static let filesAsData: Set<String> = [
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
    static let readers: Set<String> = ReadonlyAllowList.anyArguments.union(ReadonlyAllowList.checked.keys)

    /// Names that, given as a program, read and run code: shells and interpreters.
    static let codeRunners: Set<String> = Wrappers.shells.union(InterpreterRules.interpreters).union([
        "busybox", "toybox", "env", "python", "perl", "ruby", "node", "php", "lua", "tclsh", "wish", "expect",
    ])

    /// Operands and `--option=VALUE` values that may name a program the command runs, for
    /// programs that do not just handle files (a shell running a script is judged on its own).
    static func possibleScripts(of invocation: Invocation) -> [Word] {
        guard !filesAsData.contains(invocation.program), !readers.contains(invocation.program),
            !Wrappers.shells.contains(invocation.program), !["chmod", "source", "."].contains(invocation.program)
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
            var text = word.text
            var fromOption = false
            if text.hasPrefix("-"), let equals = text.firstIndex(of: "=") {
                text = String(text[text.index(after: equals)...])
                fromOption = true
            } else if text.hasPrefix("-") {
                continue
            }
            // `--exec='!/bin/sh'`, `alias.x='!sh'`: a leading `!` means "run as a command".
            if text.hasPrefix("!") { text.removeFirst() }
            let code = text.replacingCommas()
            guard let first = code.split(separator: " ").first.map(String.init),
                ["/", "./", "../", "~/"].contains(where: { first.hasPrefix($0) }),
                codeRunners.contains(String(first.split(separator: "/").last ?? ""))
            else { continue }
            if code.contains(" ") || fromOption {
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

extension String {
    /// `-wrapper /bin/sh,-s`: tools that take a command as comma-separated words.
    fileprivate func replacingCommas() -> String {
        guard contains(",") && !contains(" ") else { return self }
        return split(separator: ",", omittingEmptySubsequences: false).joined(separator: " ")
    }
}
