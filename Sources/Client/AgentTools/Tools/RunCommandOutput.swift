import AgentContracts
import Foundation

/// `run_command`'s result: status, both streams (inline, or their ends with the rest in a file),
/// and the verdict that let the command run.
struct RunCommandOutput: StructuredOutput {
    let host: String
    let command: String
    let exitStatus: Int?
    let signal: String?
    let timedOut: Bool
    let endedForOutputFlood: Bool
    let endUnconfirmed: Bool
    let durationMs: Double
    let stdout: StreamOutput
    let stderr: StreamOutput
    let verdict: VerdictOutput
    /// How a command that needed confirmation was approved; absent when the policy allowed it.
    let approvedBy: String?
    /// The server's enforcer refused the command, so it did not run (distinct from a failure).
    let serverRefusal: EnforcerRefusal?

    init(_ run: CommandRun, command: String, spill: OutputSpill) {
        self.init(
            run, command: command,
            stdout: spill.render(run.stdout.bytes, totalBytes: run.stdout.totalBytes, capped: run.stdout.capped, label: "stdout"),
            stderr: spill.render(run.stderr.bytes, totalBytes: run.stderr.totalBytes, capped: run.stderr.capped, label: "stderr"))
    }

    init(_ run: CommandRun, command: String, stdout: StreamOutput, stderr: StreamOutput) {
        host = run.host
        self.command = command
        exitStatus = run.exitStatus
        signal = run.signal
        timedOut = run.timedOut
        endedForOutputFlood = run.endedForOutputFlood
        endUnconfirmed = run.endUnconfirmed
        durationMs = Self.milliseconds(run.duration)
        self.stdout = stdout
        self.stderr = stderr
        verdict = VerdictOutput(run.verdict)
        approvedBy = run.approvedBy
        serverRefusal = run.serverRefusal
    }

    var structured: ToolValue {
        var fields: [String: ToolValue] = [
            "host": .string(host), "command": .string(command), "timed_out": .bool(timedOut),
            "ended_for_output_flood": .bool(endedForOutputFlood), "duration_ms": .double(durationMs),
            "stdout": stdout.structured, "stderr": stderr.structured, "verdict": verdict.structured,
        ]
        fields.set("exit_status", exitStatus.map(ToolValue.int))
        fields.set("signal", signal.map(ToolValue.string))
        fields.set("approved_by", approvedBy.map(ToolValue.string))
        fields.set(
            "refused_by_server",
            serverRefusal.map { refusal in
                var refused: [String: ToolValue] = [
                    "decision": .string(refusal.decision.rawValue),
                    "rules": .array(refusal.rules.map(ToolValue.string)),
                    "reasons": .array(refusal.reasons.map { .string($0.line) }),
                ]
                refused.set("mode", refusal.mode.map { .string($0.rawValue) })
                refused.set("hint", refusal.hint.map(ToolValue.string))
                return .object(refused)
            })
        if endUnconfirmed { fields["end_unconfirmed"] = .bool(true) }
        return .object(fields)
    }

    /// One summary line, then stdout, then stderr under a marker, then notes about caps.
    var text: String {
        if let serverRefusal { return ServerRefusalWording.sentence(serverRefusal, host: host) }
        var status: String
        // "Ended" only when the ending was confirmed; otherwise say it may still run.
        let unconfirmed = "ending it could not be confirmed, so it may still be running on the host"
        if timedOut {
            status = endUnconfirmed ? "timed out; \(unconfirmed)" : "timed out; the command was ended"
        } else if endedForOutputFlood {
            status =
                endUnconfirmed
                ? "flooded output far past max_output_bytes; \(unconfirmed)"
                : "ended for flooding output far past max_output_bytes"
        } else if let signal {
            status = "killed by signal \(signal)"
        } else {
            status = "exit \(exitStatus.map(String.init) ?? "unknown")"
        }
        status += " · \(String(format: "%.2f", durationMs / 1000)) s · \(host)"
        if let approvedBy { status += " · approved by \(approvedBy)" }
        var parts = [status]
        if !stdout.text.isEmpty { parts.append(Self.withoutFinalNewline(stdout.text)) }
        if !stderr.text.isEmpty { parts.append("--- stderr ---\n" + Self.withoutFinalNewline(stderr.text)) }
        for (label, stream) in [("stdout", stdout), ("stderr", stderr)] where stream.capped {
            parts.append(
                "[\(label) exceeded the host's max_output_bytes: \(stream.totalBytes) bytes written, only the first part was kept]"
            )
        }
        return parts.joined(separator: "\n")
    }

    static func withoutFinalNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }

    static let schema: ToolValue = OutputSchema.object(
        [
            "host": OutputSchema.string, "command": OutputSchema.string,
            "exit_status": [
                "type": ["integer", "null"],
                "description": "Exit status; absent or null when the command was ended by a signal or timeout.",
            ],
            "signal": ["type": ["string", "null"], "description": "Signal that ended the command, e.g. TERM."],
            "timed_out": OutputSchema.boolean,
            "duration_ms": OutputSchema.number,
            "stdout": StreamOutput.schema, "stderr": StreamOutput.schema,
            "verdict": OutputSchema.verdict,
            "approved_by": ["type": ["string", "null"], "description": "How a command that needed confirmation was approved."],
            "ended_for_output_flood": [
                "type": "boolean", "description": "The command was ended because it kept writing far past max_output_bytes.",
            ],
            "refused_by_server": [
                "type": "object",
                "description":
                    "Present when the server's enforcer refused the command: it did not run there. Not a failed command.",
                "properties": [
                    "decision": OutputSchema.string, "mode": OutputSchema.string, "hint": OutputSchema.string,
                    "rules": OutputSchema.array(OutputSchema.string), "reasons": OutputSchema.array(OutputSchema.string),
                ],
                "required": ["decision", "rules", "reasons"],
            ],
            "end_unconfirmed": [
                "type": "boolean",
                "description":
                    "Present and true when the command was to be ended (timeout, flood) but that could not be confirmed: it may still be running.",
            ],
        ], required: ["host", "command", "timed_out", "ended_for_output_flood", "duration_ms", "stdout", "stderr", "verdict"])
}

/// One output stream of a command, as `OutputSpill` renders it.
struct StreamOutput: StructuredOutput {
    /// The whole stream, or its beginning and end when it was over the inline budget.
    let text: String
    /// Bytes the command wrote to this stream.
    let totalBytes: Int
    /// The host's `max_output_bytes` cap was hit: bytes beyond it were not kept anywhere.
    let capped: Bool
    /// Where the full captured stream was saved when it did not fit inline.
    let savedTo: String?
    /// Bytes left out of `text` (they are in `saved_to`).
    let omittedBytes: Int

    var structured: ToolValue {
        var fields: [String: ToolValue] = [
            "text": .string(text), "total_bytes": .int(totalBytes), "capped": .bool(capped),
            "omitted_bytes": .int(omittedBytes),
        ]
        fields.set("saved_to", savedTo.map(ToolValue.string))
        return .object(fields)
    }

    static let schema: ToolValue = OutputSchema.object(
        [
            "text": OutputSchema.string,
            "total_bytes": OutputSchema.integer,
            "capped": [
                "type": "boolean", "description": "The host's max_output_bytes cap was hit; bytes beyond it were dropped.",
            ],
            "saved_to": [
                "type": ["string", "null"], "description": "Private file holding the full output when it did not fit inline.",
            ],
            "omitted_bytes": OutputSchema.integer,
        ], required: ["text", "total_bytes", "capped", "omitted_bytes"])
}
