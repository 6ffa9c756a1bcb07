/// Macro processors whose language calls the shell: m4's `syscmd(…)` and `esyscmd(…)`. When the
/// text they process is in sight (piped from `echo`/`printf`, a heredoc or here-string), the
/// commands inside are judged; with no input at all they read the SSH channel
/// (`ChannelReaderRules`).
enum MacroCode {
    static let shellCalls: NameTable<[String]> = ["m4": ["esyscmd(", "syscmd("], "gm4": ["esyscmd(", "syscmd("]]

    static func check(_ invocation: Invocation, into evaluator: inout Evaluator, depth: Int) {
        guard let calls = shellCalls[invocation.program], let text = visibleInput(of: invocation) else { return }
        for call in calls {
            var rest = Substring(text)
            while let range = rest.firstRange(of: call) {
                // `esyscmd(` also contains `syscmd(`: only a call at a word start counts.
                let before = range.lowerBound == rest.startIndex ? " " : rest[rest.index(before: range.lowerBound)]
                rest = rest[range.upperBound...]
                guard !before.isLetter else { continue }
                var nesting = 1
                let argument = rest.prefix { character in
                    if character == "(" { nesting += 1 }
                    if character == ")" { nesting -= 1 }
                    return nesting > 0
                }
                // m4 quotes are `like this'.
                let code = argument.trimmingCharacters(in: "`' ")
                evaluator.evaluateCode(code, depth: depth, origin: "m4 \(call)…)")
            }
        }
    }

    /// Standard input the policy can read: a heredoc or here-string, or fixed words echoed into it.
    static func visibleInput(of invocation: Invocation) -> String? {
        if let inline = invocation.inlineInput { return inline }
        guard invocation.upstream.count == 1, let feeder = invocation.upstream.first,
            feeder.program == "echo" || feeder.program == "printf"
        else { return nil }
        return feeder.program == "printf"
            ? WrittenScripts.printfEscapes(feeder.operands.first?.text ?? "") : WrittenScripts.echoed(feeder)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
