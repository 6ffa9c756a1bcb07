/// `find /usr -type f -exec rm {} +`, `find /etc -exec shred -u {} \;`: a deleter run on every
/// file find meets under a system tree deletes that tree file by file, as `find /usr -delete`
/// does. Tests that narrow the match (`-name '*.gz'`, `-mtime +7`) make it a clean-up, left to the
/// delete's confirmation.
extension FilesystemRules {
    static let findDeleters: NameSet = ["rm", "unlink", "shred", "srm"]

    static func findExecDeletesSystemTree(_ invocation: Invocation) -> String? {
        let words = invocation.words.map(\.text)
        guard let exec = words.firstIndex(where: { ["-exec", "-execdir", "-ok", "-okdir"].contains($0) }),
            exec + 1 < words.count
        else { return nil }
        let command = words[(exec + 1)...].prefix { $0 != ";" && $0 != "+" && $0 != "\\;" }
        guard let program = command.first, findDeleters.contains(ProgramName.normalise(Word(text: program))),
            command.contains("{}")
        else { return nil }
        let expression = words[..<exec]
        let starts = Array(invocation.words.prefix { !$0.text.hasPrefix("-") && $0.text != "(" && $0.text != "!" })
        guard let system = invocation.paths(starts).first(where: \.isCriticalTree) else { return nil }
        let broad: NameSet = [
            "-type", "-mindepth", "-maxdepth", "-depth", "-xdev", "-mount", "f", "d", "l", "-P", "-H", "-L", "0", "1",
            "-ignore_readdir_race",
        ]
        guard expression.dropFirst(starts.count).allSatisfy(broad.contains) else { return nil }
        return "find \(system.original) -exec \(command.joined(separator: " ")) deletes every file throughout a system directory"
    }
}
