import ArgumentParser

/// `ssh-for-agents-run`: the shell interface for agents that cannot call MCP tools.
@main
struct RunTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh-for-agents-run",
        abstract: "Run commands on configured SSH hosts through the ssh-for-agents policy.",
        discussion: """
            `ssh-for-agents-run HOST "COMMAND"` is short for `ssh-for-agents-run run HOST "COMMAND"`.
            Exit status: the remote command's own status; 128+N when it died of signal N; \
            \(ExitCode.needsConfirmation.rawValue) when the policy wants a human's confirmation; \
            \(ExitCode.blocked.rawValue) when the policy blocks it; \(ExitCode.transportFailure.rawValue) \
            when the host could not be reached; \(ExitCode.usage.rawValue) for configuration or usage errors.
            """,
        subcommands: [HostsVerb.self, RunVerb.self, CheckVerb.self, ReadVerb.self, ListVerb.self])

    static func main() async {
        await main(DefaultVerb.insertingRun(into: Array(CommandLine.arguments.dropFirst())))
    }
}

/// Lets `ssh-for-agents-run HOST "COMMAND"` mean `run HOST "COMMAND"`.
enum DefaultVerb {
    static let verbs: Set<String> = ["hosts", "run", "check", "read", "ls", "help"]

    static func insertingRun(into arguments: [String]) -> [String] {
        // Options before the host (e.g. `--config x`) are allowed; find the first positional word.
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--config" { index += 2; continue }
            if word.hasPrefix("-") { return arguments }   // --help, --version, ...
            if verbs.contains(word) { return arguments }
            var rewritten = arguments
            rewritten.insert("run", at: 0)
            return rewritten
        }
        return arguments
    }
}
