import AgentContracts
import AgentTools
import ArgumentParser
import CLISupport
import Foundation
import Gateway

struct RunVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command on a host after the policy allows it.",
        discussion: """
            Blocked commands never reach the host. A command that needs confirmation runs with --confirm, \
            which a human must have approved; without it, a human at a terminal is asked (y/N), and \
            without a terminal it is refused (exit 10).
            Example: ssh-for-agents-run run web-staging "systemctl restart nginx" --confirm
            """)

    @OptionGroup var hostsFile: HostsFileOption
    @Argument(help: "Host alias from hosts.json.", completion: .hostAliases) var host: String
    @Argument(
        help:
            "The shell command to run (quote it), or - to read it from stdin (a command longer than the system's argument limit, e.g. a long heredoc)."
    ) var command: String
    @Flag(help: "A human approved this exact command; run it even though the policy asks for confirmation.") var confirm = false
    @Option(help: "Seconds before the remote command is ended (default: the host's default_timeout).") var timeout: Double?
    @Flag(help: "Print one JSON object (the fields of the MCP tool run_command's result) instead of the output.") var json = false

    /// All of stdin as the command: the remote command then gets no stdin of its own.
    static func commandFromStandardInput() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("the command read from stdin is not valid UTF-8")
        }
        guard !text.isEmpty else { throw ValidationError("no command on stdin (run HOST - reads the command from stdin)") }
        return text
    }

    func validate() throws {
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let command = try self.command == "-" ? Self.commandFromStandardInput() : self.command
        let gateway = try hostsFile.gateway()
        // Output is passed on as it arrives (a long command's progress shows while it runs), not
        // held until the end; the transport hands over only what it keeps under the cap.
        var request = RunRequest(host: host, command: command, timeout: timeout.map { .milliseconds(Int64($0 * 1000)) })
        if !json {
            request.onOutput = { stream, chunk in
                (stream == .stdout ? FileHandle.standardOutput : FileHandle.standardError).write(Data(chunk))
            }
        }
        await PassphrasePrompt.askIfNeeded(host: host, gateway: gateway)
        let outcome: RunOutcome
        do {
            outcome = try await gateway.run(request, confirmer: TerminalConfirmer(confirmedByFlag: confirm))
        } catch {
            throw GatewayFailure.report(error)
        }
        await gateway.shutdown()
        let result = outcome.result
        if json {
            // Everything inline: a shell has no use for run_command's spill files.
            print(RunCommandJSON.structured(outcome, command: command, spill: OutputSpill(inlineBytes: Int.max / 4)).jsonText)
        }
        if let refusal = outcome.serverRefusal {
            // Nothing ran: the enforcer's stderr line (already shown) said why; here in words.
            RunTool.errors.print(ServerRefusalWording.sentence(refusal, host: outcome.host))
            throw ExitCode.refusedByServer
        }
        for (name, stream) in [("stdout", result.stdout), ("stderr", result.stderr)] where stream.truncated {
            RunTool.errors.print(
                "\(name) truncated: kept \(stream.bytes.count) of \(stream.totalBytes) bytes (raise policy.max_output_bytes to keep more)"
            )
        }
        if result.timedOut {
            RunTool.errors.print("timed out after \(result.duration); the remote command was ended")
            throw ExitCode.timedOut
        }
        if let signal = result.exitSignal {
            RunTool.errors.print("remote command killed by signal \(signal)")
            throw ExitCode.killedBySignal(SignalNames.number(of: signal))
        }
        throw ExitCode(result.exitStatus ?? 0)
    }
}

/// Signal names as SSH reports them ("TERM") to the numbers shells use for `128+N` statuses.
enum SignalNames {
    private static let numbers: [String: Int32] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "ABRT": 6, "FPE": 8, "KILL": 9, "USR1": 10,
        "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15,
    ]

    static func number(of name: String) -> Int32 {
        let bare = name.hasPrefix("SIG") ? String(name.dropFirst(3)) : name
        return numbers[bare.uppercased()] ?? 0
    }
}
