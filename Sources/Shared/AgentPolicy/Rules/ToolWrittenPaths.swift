/// Files that tools write at a path their command line names, for tools without a case of their
/// own in `FilesystemRules.writtenPaths`: extraction base directories (`arj e A DIR/`, `unrar x
/// A DIR/`, `7z x -oDIR`), copies out of a container (`docker cp C:src DEST`), a debugger's dumps
/// (`gdb -ex 'dump value FILE …'`), an emulator's drive mounted on a host directory (`dosbox -c
/// 'mount c /'`), the remote key file of `ssh-copy-id -t`, an editor's files, split outputs.
enum ToolWrittenPaths {
    static let editors: NameSet = ["emacs", "emacsclient", "joe", "jed", "jmacs", "jstar", "micro", "mcedit", "ne", "kak"]

    static func paths(of invocation: Invocation) -> [PathFacts]? {
        let operands = invocation.operands
        switch invocation.program {
        case "arj", "rar", "unrar":
            // `arj e ARCHIVE [BASE_DIR/] [FILES]`: the base directory ends with a slash.
            guard let command = operands.first?.text, ["e", "x"].contains(command.lowercased()) else { return [] }
            return invocation.paths(operands.dropFirst(2).prefix(1).filter { $0.text.hasSuffix("/") })
        case "7z", "7za", "7zr":
            return invocation.paths(invocation.optionValues(short: ["-o"]))
        case "docker", "podman", "nerdctl", "kubectl", "oc":
            // `cp SRC DEST`: a destination without `container:` is a path on this host.
            guard let call = invocation.call, call.verb == "cp" || (call.verb == "container" && call.subverb == "cp"),
                let destination = call.arguments.last(where: { !$0.text.hasPrefix("-") }), !destination.text.contains(":")
            else { return [] }
            return invocation.paths([destination])
        case "gdb":
            return invocation.paths(gdbDumps(invocation))
        case "dosbox", "dosbox-x":
            // `-c 'mount c /'`: the DOS drive writes through to that host directory.
            let mounts = invocation.optionValues(short: ["-c"]).compactMap { value -> Word? in
                let parts = value.text.split(separator: " ")
                guard parts.count >= 3, parts[0].lowercased() == "mount" else { return nil }
                return Word(text: String(parts[2]))
            }
            return invocation.paths(mounts)
        case "ssh-copy-id":
            return invocation.paths(invocation.optionValues(short: ["-t"]))
        case "csplit":
            return invocation.paths(invocation.optionValues(short: ["-f"], long: ["--prefix"]))
        case "split":
            return operands.count >= 2 ? invocation.paths([operands[1]]) : []
        case _ where editors.contains(invocation.program):
            // An editor opened on a file may write it; `+LINE` and option values are not files.
            let valued: NameSet = ["-l", "--load", "-f", "--funcall", "--eval", "-L", "--directory", "-u", "--user"]
            var files: [Word] = []
            var skipNext = false
            for word in invocation.words {
                if skipNext {
                    skipNext = false
                } else if valued.contains(word.text) {
                    skipNext = true
                } else if !word.text.hasPrefix("-"), !word.text.hasPrefix("+") {
                    files.append(word)
                }
            }
            return invocation.paths(files)
        default:
            return nil
        }
    }

    /// `dump [FORMAT] value|memory FILE …`, `append …`, `set logging file FILE`.
    private static func gdbDumps(_ invocation: Invocation) -> [Word] {
        invocation.optionValues(long: ["-ex", "--ex", "-eval-command", "--eval-command"]).compactMap { value in
            let parts = value.text.split(separator: " ").map(String.init)
            if parts.count >= 4, parts[0] == "set", parts[1] == "logging", parts[2] == "file" { return Word(text: parts[3]) }
            guard let first = parts.first, ["dump", "append"].contains(first),
                let kind = parts.firstIndex(where: { ["value", "memory"].contains($0) }), kind + 1 < parts.count
            else { return nil }
            return Word(text: parts[kind + 1])
        }
    }

    /// `git apply --unsafe-paths`: the patch's paths may lie outside the work tree, under
    /// `--directory` or anywhere (`/`).
    static func gitApply(_ invocation: Invocation) -> [PathFacts] {
        guard invocation.words.contains(where: { $0.text == "--unsafe-paths" }),
            let call = invocation.call, call.verb == "apply" || call.verb == "am"
        else { return [] }
        let directories = invocation.optionValues(long: ["--directory"])
        return invocation.paths(directories.isEmpty ? [Word(text: "/")] : directories)
    }

    /// `tar -xP` keeps absolute member names and `--transform` can make any name absolute: the
    /// extraction may write anywhere, from `/` down (or at the transform's absolute target).
    static func tarAbsolute(_ invocation: Invocation) -> [PathFacts] {
        let first = invocation.words.first?.text ?? ""
        let absolute =
            invocation.hasFlag("P", long: ["--absolute-names"]) || (!first.hasPrefix("-") && first.contains("P"))
        var targets: [Word] = []
        for transform in invocation.optionValues(long: ["--transform", "--xform"]) {
            // `s@PATTERN@REPLACEMENT@FLAGS`: the separator is the character after `s`.
            let text = transform.text
            guard text.count > 2, text.hasPrefix("s"), let separator = text.dropFirst().first else { continue }
            let parts = text.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count >= 3, parts[2].hasPrefix("/") { targets.append(Word(text: String(parts[2]))) }
        }
        if absolute, targets.isEmpty { targets.append(Word(text: "/")) }
        return absolute || !targets.isEmpty ? invocation.paths(targets) : []
    }
}
