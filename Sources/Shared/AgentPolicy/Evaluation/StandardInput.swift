/// Names a program can be given to read its script from standard input instead of a file.
enum StandardInput {
    static let names: NameSet = ["-", "/dev/stdin", "/proc/self/fd/0", "/dev/fd/0"]

    /// What a command's standard input holds when the command line shows it: a heredoc or
    /// here-string, or the text of a lone static `echo`/`printf` piped in. Nil otherwise.
    static func visibleText(of invocation: Invocation) -> String? {
        if let text = invocation.inlineInput { return text }
        // The stage just before is the one whose output this command reads.
        guard let feeder = invocation.upstream.last,
            feeder.program == "echo" || feeder.program == "printf", feeder.words.allSatisfy(\.isStatic)
        else { return nil }
        if feeder.program == "printf" {
            return (feeder.operands.first?.text ?? "").replacingOccurrences(of: "\\n", with: "\n")
        }
        return feeder.operands.map(\.text).joined(separator: " ")
    }
}
