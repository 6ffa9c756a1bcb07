/// Processes: signals to other processes, fork bombs.
enum ProcessRules {
    static let rules: [Rule] = [
        Rule(.processKillAll, programs: ["kill", "killall5"]) { invocation in
            // As the last word, -1 is the process "id" meaning every process (earlier it names a signal).
            invocation.program == "killall5" || invocation.words.count > 1 && invocation.words.last?.text == "-1"
                ? "\(invocation.program) \(invocation.arguments.joined(separator: " ")) signals every process the account can reach, including this SSH session"
                : nil
        },
        Rule(.processKill, programs: ["kill", "pkill", "killall", "skill", "killall5", "xkill"]) {
            invocation in
            if invocation.program == "kill",
                invocation.words.contains(where: { $0.text == "-l" || $0.text == "-L" || $0.text == "-0" })
            {
                return nil
            }
            if invocation.onlyAsksForHelp { return nil }
            return "\(invocation.program) \(invocation.arguments.joined(separator: " ")) ends processes"
        },
    ]

    /// `:(){ :|:& };:` and its renamings: a function that pipes into or backgrounds itself.
    static func checkForkBomb(name: String, body: Command, into evaluator: inout Evaluator) {
        var calls = 0
        var backgrounded = false
        var piped = false
        func walk(_ command: Command) {
            switch command {
            case .simple(let simple):
                if simple.words.first?.text == name { calls += 1 }
            case .compound(let scripts, _):
                for script in scripts {
                    for pipeline in script.pipelines {
                        if pipeline.background { backgrounded = true }
                        if pipeline.commands.count > 1 { piped = true }
                        pipeline.commands.forEach(walk)
                    }
                }
            case .functionDefinition(_, let inner):
                walk(inner)
            }
        }
        walk(body)
        if calls >= 2 || (calls >= 1 && (backgrounded || piped)) {
            evaluator.add(.processForkBomb, "function \(name) calls itself recursively in parallel: a fork bomb")
        }
    }
}
