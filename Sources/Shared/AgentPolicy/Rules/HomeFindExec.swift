/// `find . -exec rm -rf {} +` with no `cd` before it: every entry of the home directory (where
/// SSH starts commands) is handed to a recursive delete, as surely as `find . -delete` deletes
/// them. (A plain `rm` per file is left to `rm.any`'s confirmation.)
/// Tests that narrow the match (`-name`, `-mtime`, `-size`, a start path) make it a clean-up.
extension FilesystemRules {
    static func findExecDeletesEverything(_ invocation: Invocation) -> String? {
        let words = invocation.words.map(\.text)
        guard let exec = words.firstIndex(where: { ["-exec", "-execdir", "-ok", "-okdir"].contains($0) }),
            exec + 1 < words.count
        else { return nil }
        let expression = words[..<exec]
        let command = words[(exec + 1)...].prefix { $0 != ";" && $0 != "+" && $0 != "\\;" }
        // A recursive rm: every entry, directories and dot-directories included, goes.
        let recursive = command.dropFirst().contains { flag in
            flag == "--recursive" || (flag.hasPrefix("-") && !flag.hasPrefix("--") && (flag.contains("r") || flag.contains("R")))
        }
        guard let program = command.first, ProgramName.normalise(Word(text: program)) == "rm", recursive,
            command.contains("{}")
        else { return nil }
        let starts = expression.prefix { !$0.hasPrefix("-") && $0 != "(" && $0 != "!" }
        guard starts.allSatisfy({ [".", "./"].contains($0) }) else { return nil }
        let broad: NameSet = [
            "-type", "-mindepth", "-maxdepth", "-depth", "-xdev", "-mount", "-f", "d", "f", "l", "-P", "-H", "-L", "1", "0",
            ".", "./", "-ignore_readdir_race",
        ]
        guard expression.allSatisfy(broad.contains) else { return nil }
        return
            "find \(starts.first ?? ".") -exec \(command.joined(separator: " ")) with no cd before it deletes everything in the home directory"
    }
}
