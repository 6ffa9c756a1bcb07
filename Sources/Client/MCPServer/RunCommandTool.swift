import Foundation
import Gateway
import MCP
import RemoteAccess

/// `run_command`: policy, then confirmation, then the command, with progress while it runs and
/// big output saved to a file instead of flooding the model's context.
struct RunCommandTool: Sendable {
    let gateway: Gateway
    let spill: OutputSpill
    let server: Server
    let ledger: ApprovalLedger
    let connection: ConnectionState

    func call(_ arguments: ToolArguments, meta: Metadata?, approval: ApprovalRoute) async throws -> ToolOutcome {
        let host = try arguments.requiredString("host")
        let command = try arguments.requiredString("command")
        let confirm = try arguments.optionalBool("confirm") ?? false
        let timeout = try arguments.optionalPositiveNumber("timeout").map(Self.duration(seconds:))

        let reporter = meta?.progressToken.map { ProgressReporter(token: $0, server: server) }
        let ticker = reporter.map { reporter in Task { await reporter.run() } }
        defer { ticker?.cancel() }

        let human: HumanApprovalChannel?
        switch approval {
        case .none: human = nil
        case .elicitation: human = ElicitationApproval(server: server, connection: connection)
        case .roundTrip(let answer): human = RoundTripApproval(answer: answer, ledger: ledger)
        }
        let confirmer = ReportingConfirmer(
            inner: ToolCallConfirmer(human: human, modelConfirmed: confirm), reporter: reporter)
        var onOutput: (@Sendable (ExecStream, ArraySlice<UInt8>) -> Void)?
        if let reporter { onOutput = { _, chunk in reporter.observe(chunk) } }
        let request = RunRequest(host: host, command: command, timeout: timeout, onOutput: onOutput)

        let outcome: RunOutcome
        do {
            outcome = try await gateway.run(request, confirmer: confirmer)
        } catch .confirmationPending(let question) {
            return .inputRequired(question)
        } catch {
            // A cancelled request gets no response at all (MCP cancellation); the gateway has
            // already ended the remote command.
            if Task.isCancelled { throw CancellationError() }
            return .complete(ToolResult.failure("\(error)"))
        }
        return .complete(render(outcome, command: command))
    }

    private func render(_ outcome: RunOutcome, command: String) -> CallTool.Result {
        let result = outcome.result
        let stdout = spill.render(result.stdout.bytes, totalBytes: result.stdout.totalBytes,
                                  capped: result.stdout.truncated, label: "stdout")
        let stderr = spill.render(result.stderr.bytes, totalBytes: result.stderr.totalBytes,
                                  capped: result.stderr.truncated, label: "stderr")
        let durationMs = Self.milliseconds(result.duration)
        let output = RunCommandOutput(
            host: outcome.host, command: command, exitStatus: result.exitStatus.map(Int.init),
            signal: result.exitSignal, timedOut: result.timedOut,
            endedForOutputFlood: result.endedForOutputFlood, durationMs: durationMs,
            stdout: stdout, stderr: stderr, verdict: VerdictOutput(outcome.verdict),
            approvedBy: outcome.approvedBy)
        return ToolResult.success(output, text: Self.text(output))
    }

    /// One summary line, then stdout, then stderr under a marker, then notes about caps.
    static func text(_ output: RunCommandOutput) -> String {
        var status: String
        if output.timedOut {
            status = "timed out; the command was ended"
        } else if output.endedForOutputFlood {
            status = "ended for flooding output far past max_output_bytes"
        } else if let signal = output.signal {
            status = "killed by signal \(signal)"
        } else {
            status = "exit \(output.exitStatus.map(String.init) ?? "unknown")"
        }
        status += " · \(String(format: "%.2f", output.durationMs / 1000)) s · \(output.host)"
        if let approvedBy = output.approvedBy { status += " · approved by \(approvedBy)" }
        var parts = [status]
        if !output.stdout.text.isEmpty { parts.append(Self.withoutFinalNewline(output.stdout.text)) }
        if !output.stderr.text.isEmpty { parts.append("--- stderr ---\n" + Self.withoutFinalNewline(output.stderr.text)) }
        for (label, stream) in [("stdout", output.stdout), ("stderr", output.stderr)] where stream.capped {
            parts.append("[\(label) exceeded the host's max_output_bytes: \(stream.totalBytes) bytes written, only the first part was kept]")
        }
        return parts.joined(separator: "\n")
    }

    static func withoutFinalNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    static func duration(seconds: Double) -> Duration {
        .milliseconds(Int64(min(seconds, 365 * 86_400) * 1000))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}

/// Tells the progress reporter while the call is waiting for a human, so its notifications say
/// "waiting for approval" rather than "running".
private struct ReportingConfirmer: Confirmer {
    let inner: ToolCallConfirmer
    let reporter: ProgressReporter?

    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        reporter?.setWaitingForApproval(true)
        defer { reporter?.setWaitingForApproval(false) }
        return await inner.confirm(request)
    }
}
