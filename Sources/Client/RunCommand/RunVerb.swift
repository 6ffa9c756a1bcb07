import AgentContracts
import ArgumentParser
import CLISupport
import Foundation
import Gateway

struct RunVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command on a host after the policy allows it.",
        discussion: "Blocked commands never reach the host. A command that needs confirmation runs only with --confirm, which a human must have approved.")

    @OptionGroup var hostsFile: HostsFileOption
    @Argument(help: "Host alias from hosts.json.") var host: String
    @Argument(help: "The shell command to run (quote it).") var command: String
    @Flag(help: "A human approved this exact command; run it even though the policy asks for confirmation.") var confirm = false
    @Option(help: "Seconds before the remote command is ended (default: the host's default_timeout).") var timeout: Double?

    func validate() throws {
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let gateway = try hostsFile.gateway()
        let request = RunRequest(host: host, command: command, timeout: timeout.map { .milliseconds(Int64($0 * 1000)) })
        let outcome: RunOutcome
        do {
            outcome = try await gateway.run(request, confirmer: CommandLineFlagConfirmer(confirmed: confirm))
        } catch {
            throw GatewayFailure.report(error)
        }
        await gateway.shutdown()
        let result = outcome.result
        if let refusal = outcome.serverRefusal {
            // Nothing ran: the enforcer's own stderr is its machine-readable line, said here in words.
            RunTool.errors.print(ServerRefusalWording.sentence(refusal, host: outcome.host))
            throw ExitCode.refusedByServer
        }
        FileHandle.standardOutput.write(Data(result.stdout.bytes))
        FileHandle.standardError.write(Data(result.stderr.bytes))
        for (name, stream) in [("stdout", result.stdout), ("stderr", result.stderr)] where stream.truncated {
            RunTool.errors.print("\(name) truncated: kept \(stream.bytes.count) of \(stream.totalBytes) bytes (raise policy.max_output_bytes to keep more)")
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
