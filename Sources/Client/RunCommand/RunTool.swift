import ArgumentParser
import Foundation

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

    /// Runs the verb, then leaves with `_exit`: a normal `exit` runs the C libraries' exit-time
    /// cleanup (libssh2's crypto backend) while a connection thread may still be closing, which
    /// crashed the process (seen as SIGSEGV after the output was already written).
    static func main() async {
        let status: Int32
        do {
            var command = try parseAsRoot(DefaultVerb.insertingRun(into: Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            status = 0
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success {
                    print(message)
                } else {
                    FileHandle.standardError.write(Data((message + "\n").utf8))
                }
            }
            status = code.rawValue
        }
        fflush(nil)   // every C stream, before _exit skips that
        _exit(status)
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
