import AgentContracts
import Gateway

/// `check_command`: what the policy would do with a command, without running it or touching the
/// network.
enum CheckCommandTool {
    static let name = "check_command"

    static func entry(gateway: Gateway) -> AgentTool {
        AgentTool(
            name: name, title: "Check a command against the policy",
            description: """
                Ask what the safety policy would do with a shell command on a host, without running it. \
                The decision is allow (runs), needs_confirmation (runs only after a human approves it) or \
                block (never runs; no confirmation can unlock it, so change the command). Each non-allow \
                decision comes with rule ids and reasons. Use it to plan before destructive or unusual work.
                """,
            input: ToolInput(
                [
                    "host": SharedArguments.host,
                    "command": ["type": "string", "description": "The exact shell command to evaluate."],
                ], required: ["host", "command"]),
            outputSchema: outputSchema,
            annotations: .init(title: "Check a command", readOnly: true, idempotent: true, openWorld: false),
            handler: { arguments, _ in .complete(try await run(arguments, gateway)) })
    }

    static func run(_ arguments: ToolArguments, _ gateway: Gateway) async throws(InvalidToolCall) -> ToolResult {
        let host = try arguments.requiredString("host")
        let command = try arguments.requiredString("command")
        let check: PolicyCheck
        do {
            check = try await gateway.check(host: host, command: command)
        } catch {
            return .failure("\(error)")
        }
        let verdict = VerdictOutput(check.verdict)
        let output = Output(
            host: host, command: command, mode: check.mode.rawValue, verdict: verdict,
            segments: check.verdict.segments.map { .init(program: $0.program, arguments: $0.arguments) })
        var lines = ["\(verdict.decision) on \(host) (\(check.mode.rawValue) mode)"]
        lines += check.verdict.concerns.map { "- " + $0.line }
        switch check.verdict.decision {
        case .allow: lines.append("run_command will run it.")
        case .needsConfirmation: lines.append("run_command will run it only after a human approves it.")
        case .block: lines.append("run_command will refuse it; no confirmation can unlock it.")
        }
        return .success(output, text: lines.joined(separator: "\n"))
    }

    struct Output: StructuredOutput {
        struct Segment {
            let program: String
            let arguments: [String]
        }

        let host: String
        let command: String
        let mode: String
        let verdict: VerdictOutput
        let segments: [Segment]

        var structured: ToolValue {
            [
                "host": .string(host), "command": .string(command), "mode": .string(mode),
                "decision": .string(verdict.decision), "reasons": .array(verdict.reasons.map(\.structured)),
                "segments": .array(
                    segments.map {
                        ["program": .string($0.program), "arguments": .array($0.arguments.map(ToolValue.string))]
                    }),
            ]
        }
    }

    static let outputSchema: ToolValue = OutputSchema.object([
        "host": OutputSchema.string, "command": OutputSchema.string, "mode": OutputSchema.mode,
        "decision": OutputSchema.decision,
        "reasons": OutputSchema.array(OutputSchema.reason),
        "segments": [
            "type": "array", "description": "Every command the policy found, nested ones included, as it saw them.",
            "items": OutputSchema.object(["program": OutputSchema.string, "arguments": OutputSchema.array(OutputSchema.string)]),
        ],
    ])
}
