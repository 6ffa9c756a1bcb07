import ArgumentParser
import CLISupport

/// `ssh-for-agents-run`: the shell interface for agents that cannot call MCP tools.
@main
struct RunTool: AsyncParsableCommand {
    static let name = "ssh-for-agents-run"
    static let errors = ErrorPrinter(toolName: name)

    // `run` is the default subcommand: argument-parser falls back to it whenever the first word is
    // not a verb's name (`ssh-for-agents-run web-staging "df -h /"`), also after options or `--`
    // (`--config=x web-staging …`, which the hand-written router this replaced refused). A verb's
    // name still means the verb (`hosts`), and `help` stays argument-parser's.
    static let configuration = CommandConfiguration(
        commandName: name,
        abstract: "Run commands on configured SSH hosts through the ssh-for-agents policy.",
        discussion: """
            `ssh-for-agents-run HOST "COMMAND"` is short for `ssh-for-agents-run run HOST "COMMAND"`.
            Exit status: the remote command's own status; 128+N when it died of signal N; \
            \(ExitCode.timedOut.rawValue) when it timed out, or its timeout passed before it could start; \
            \(ExitCode.needsConfirmation.rawValue) when the policy wants a human's confirmation; \
            \(ExitCode.blocked.rawValue) when the policy blocks it; \(ExitCode.transportFailure.rawValue) \
            when the host could not be reached; \(ExitCode.usage.rawValue) for configuration or usage errors, \
            and for a command too long to send (over 1 MiB).
            """,
        subcommands: [HostsVerb.self, RunVerb.self, CheckVerb.self, ReadVerb.self, ListVerb.self, AuditVerb.self],
        defaultSubcommand: RunVerb.self)

    static func main() async {
        // The bare name has always shown the overview (status 0). With `run` as the default, it
        // would be `run` without a host — a usage error — so it is asked for as help instead.
        let arguments = VerbFirst.reorder(
            Array(CommandLine.arguments.dropFirst()), verbs: verbNames,
            optionsTakingValues: [
                "--config", "--timeout", "--mode", "--max-bytes",
                "--since", "--decision", "--user", "--rule", "--limit",
            ])
        await ToolMain.run(Self.self, arguments: arguments.isEmpty ? ["--help"] : arguments)
    }

    /// The verbs' names, for `VerbFirst` (options before the verb).
    static var verbNames: Set<String> {
        Set(configuration.subcommands.map { $0.configuration.commandName ?? $0._commandName })
    }
}
