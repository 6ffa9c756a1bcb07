import Foundation
import Gateway

/// `run_command`: policy, then confirmation, then the command, with progress while it runs and
/// big output saved to a file instead of flooding the model's context.
enum RunCommandTool {
    static let name = "run_command"

    static func entry(gateway: Gateway, spill: OutputSpill) -> AgentTool {
        AgentTool(
            name: name, title: "Run a shell command on a host",
            description: """
                Run a shell command on a host over SSH (`/bin/sh -c`, as the host's configured user, no \
                terminal, no stdin) and return stdout, stderr, exit status (or signal), whether it timed \
                out, the duration and the policy verdict. The policy checks the command first: allowed \
                commands run at once; blocked ones never run (change the command instead of retrying); \
                commands that need confirmation are shown to the human by your client when it can ask, \
                and run only if they accept. When the client cannot ask, the host's setting decides: \
                either the command runs only if you pass `confirm: true` AFTER the user explicitly \
                approved this exact command in the conversation, or it is refused. Never set `confirm` on \
                your own judgement. Output beyond about 10 kB per stream is saved in full to a private \
                file on the machine running this server; the result names the file and its size, and \
                shows the beginning and end inline.
                """,
            input: ToolInput(
                [
                    "host": SharedArguments.host,
                    "command": ["type": "string", "description": "Shell command, run by /bin/sh -c on the host."],
                    "confirm": [
                        "type": "boolean",
                        "description":
                            "Only when the user has explicitly approved this exact command and the client cannot ask them itself. Ignored when the client asks the human directly.",
                    ],
                    "timeout": [
                        "type": "number", "exclusiveMinimum": 0,
                        "description": "Seconds before the command is ended (default: the host's default_timeout, usually 60).",
                    ],
                ], required: ["host", "command"]),
            outputSchema: RunCommandOutput.schema,
            annotations: .init(title: "Run a command", readOnly: false, destructive: true, idempotent: false, openWorld: true),
            handler: { arguments, context in try await run(arguments, context, gateway, spill) })
    }

    static func run(
        _ arguments: ToolArguments, _ context: ToolCallContext,
        _ gateway: Gateway, _ spill: OutputSpill
    ) async throws -> ToolOutcome {
        let host = try arguments.requiredString("host")
        let command = try arguments.requiredString("command")
        let confirm = try arguments.optionalBool("confirm") ?? false
        let timeout = try arguments.optionalPositiveNumber("timeout").map(duration(seconds:))

        let reporter = context.progress.map(ProgressReporter.init(sink:))
        let ticker = reporter.map { reporter in Task { await reporter.run() } }
        defer { ticker?.cancel() }

        let confirmer = ReportingConfirmer(
            inner: ToolCallConfirmer(human: context.human, modelConfirmed: confirm), reporter: reporter)
        // Output goes to the spill as it arrives, so memory stays bounded whatever the cap.
        let stdoutSpill = StreamingSpill(spill: spill, label: "stdout")
        let stderrSpill = StreamingSpill(spill: spill, label: "stderr")
        let observe: @Sendable (Bool, ArraySlice<UInt8>) -> Void = { isStderr, chunk in
            (isStderr ? stderrSpill : stdoutSpill).append(chunk)
            reporter?.observe(chunk)
        }
        let run: CommandRun
        do {
            run = try await gateway.commandRun(
                host: host, command: command, timeout: timeout,
                confirmer: confirmer, memoryBytes: Self.resultMemoryBytes, observe: observe)
        } catch .confirmationPending(let question) {
            return .inputRequired(question)
        } catch {
            // A cancelled call gets no answer at all (MCP cancellation); the gateway has already
            // ended the remote command.
            if Task.isCancelled { throw CancellationError() }
            return .complete(.failure("\(error)"))
        }
        let output = RunCommandOutput(
            run, command: command,
            stdout: stdoutSpill.finish(totalBytes: run.stdout.totalBytes, capped: run.stdout.capped),
            stderr: stderrSpill.finish(totalBytes: run.stderr.totalBytes, capped: run.stderr.capped))
        if output.serverRefusal != nil {
            // An error for the caller (nothing ran), with the structured facts of why.
            return .complete(ToolResult(text: output.text, structured: output.structured, isError: true))
        }
        return .complete(.success(output, text: output.text))
    }

    /// What the result itself holds of each stream, beside the spill: enough for whoever reads the
    /// bytes (an enforcer's refusal line on stderr), little enough that memory stays bounded.
    static let resultMemoryBytes = 64 * 1024

    static func duration(seconds: Double) -> Duration {
        .milliseconds(Int64(min(seconds, 365 * 86_400) * 1000))
    }
}
