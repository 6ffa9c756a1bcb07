/// Document and macro processors are programming languages too: TeX writes files
/// (`\openout`) and, with shell escape on, runs commands (`\write18`); dvips runs the commands
/// in a DVI file's `\special`s with `-R0`; pic, groff and troff run `sh` requests in unsafe mode
/// (`-U`). Code given on the command line is inline code; a switch that lets a document run
/// commands, on a document the policy cannot read, needs a human.
enum DocumentRules {
    static let texEngines: NameSet = [
        "tex", "etex", "pdftex", "latex", "pdflatex", "xelatex", "lualatex", "luatex", "xetex", "amstex", "context",
        "mpost", "uplatex", "platex",
    ]
    static let roffs: NameSet = ["pic", "gpic", "groff", "troff", "nroff", "eqn", "tbl", "grap"]

    static let rules: [Rule] = [
        Rule(.interpreterInlineCode, programs: texEngines) { invocation in
            // A first operand that starts with a control sequence is a TeX program, not a file name.
            let code = invocation.operands.first { $0.text.hasPrefix("\\") || $0.text.hasPrefix("&") }
            return code.map {
                "\(invocation.program) runs the TeX code on its command line (\(InterpreterRules.excerpt($0.text))), which can write files"
            }
        },
        Rule(.documentShellEscape, programs: texEngines.union(roffs).union(["dvips"])) { invocation in
            let words = invocation.words.map(\.text)
            if invocation.program == "dvips" {
                return words.contains("-R0")
                    ? "dvips -R0 runs the shell commands in the DVI file's \\special, which the policy cannot read" : nil
            }
            if texEngines.contains(invocation.program) {
                let escape = words.first {
                    ["-shell-escape", "--shell-escape", "-enable-write18", "--enable-write18", "-shell-restricted"].contains($0)
                }
                return escape.map { "\(invocation.program) \($0) lets the document run shell commands (\\write18)" }
            }
            let unsafe = words.contains { $0 == "-U" || ($0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("U")) }
            return unsafe ? "\(invocation.program) -U (unsafe mode) lets its input run shell commands" : nil
        },
    ]
}
