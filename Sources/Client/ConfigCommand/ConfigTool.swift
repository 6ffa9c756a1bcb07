import ArgumentParser
import CLISupport

/// `ssh-for-agents-config`: manage hosts.json without hand-editing JSON.
@main
struct ConfigTool: AsyncParsableCommand {
    static let name = "ssh-for-agents-config"
    static let errors = ErrorPrinter(toolName: name)

    static let configuration = CommandConfiguration(
        commandName: name,
        abstract: "Manage the hosts and policy in hosts.json, and trust host keys.",
        discussion: """
            Every change is checked before it is written: a change that would leave hosts.json invalid \
            is refused and the file stays as it was. Writes are atomic and locked, keep the file's mode \
            (0600 for a new file), its key order and fields this version does not know; a running \
            ssh-for-agents server picks them up.
            Example: ssh-for-agents-config add prod --hostname 203.0.113.10 --user deploy --key ~/.ssh/id_ed25519
            Exit status: 0 done; 1 not trusted (declined, or a changed key without --replace); \
            \(ExitCode.usage.rawValue) usage or configuration error (nothing written); \
            \(ExitCode.transportFailure.rawValue) the host could not be reached (trust).
            """,
        subcommands: [
            AddVerb.self, ListVerb.self, RemoveVerb.self, ImportSSHConfigVerb.self, TrustVerb.self,
            SetPolicyVerb.self, CheckVerb.self,
        ])

    static func main() async {
        let verbs = Set(configuration.subcommands.map { $0.configuration.commandName ?? $0._commandName })
        let arguments = VerbFirst.reorder(
            Array(CommandLine.arguments.dropFirst()), verbs: verbs,
            optionsTakingValues: Self.optionsTakingValues)
        await ToolMain.run(Self.self, arguments: arguments)
    }

    /// Every option of the verbs that takes a value, for `VerbFirst`.
    static let optionsTakingValues: Set<String> = [
        "--config", "--hostname", "--user", "--port", "--key", "--passphrase-env", "--known-hosts", "--mode",
        "--confirmation", "--host", "--deny", "--readonly-allow", "--max-output-bytes", "--default-timeout",
        "--ssh-config", "--only",
    ]

    /// Prints `message` as this tool's error and gives the status to leave with.
    static func fail(_ message: String, status: ExitCode = .usage) -> ExitCode {
        errors.print(message)
        return status
    }
}
