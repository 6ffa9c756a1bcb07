import Gateway
import MCP

/// How `run_command` may reach the human on one call.
enum ApprovalRoute: Sendable {
    /// The client declared no way to ask: the host's `confirmation` setting (flag or deny) decides.
    case none
    /// Ask mid-call with `elicitation/create` (2025-06-18 to 2025-11-25).
    case elicitation
    /// Answer `input_required` and read the human's answer from the retried call (2026-07-28).
    case roundTrip(RoundTripAnswer?)
}

/// What a tool call produced: a result, or (2026-07-28 only) a question for the human first.
enum ToolOutcome: Sendable {
    case complete(CallTool.Result)
    case inputRequired(ConfirmationRequest)
}

/// Routes a `tools/call` to its tool. Unknown tools and malformed arguments are protocol errors;
/// everything that goes wrong while doing the work is an `isError` result.
struct ToolDispatcher: Sendable {
    let hostTools: HostTools
    let fileTools: FileTools
    let runCommand: RunCommandTool
    let connection: ConnectionState

    static let arguments: [String: Set<String>] = [
        ToolCatalog.listHosts: [],
        ToolCatalog.checkCommand: ["host", "command"],
        ToolCatalog.runCommand: ["host", "command", "confirm", "timeout"],
        ToolCatalog.readFile: ["host", "path", "max_bytes"],
        ToolCatalog.listDir: ["host", "path"],
    ]

    func call(_ params: CallTool.Parameters, approval: ApprovalRoute) async throws -> ToolOutcome {
        guard let allowed = Self.arguments[params.name] else {
            throw MCPError.invalidParams(
                "unknown tool \"\(params.name)\"; the tools are \(ToolCatalog.names.joined(separator: ", "))")
        }
        let arguments = try ToolArguments(tool: params.name, values: params.arguments, allowed: allowed)
        return try await connection.track { [self] in
            switch params.name {
            case ToolCatalog.listHosts: return .complete(try await hostTools.listHosts(arguments))
            case ToolCatalog.checkCommand: return .complete(try await hostTools.checkCommand(arguments))
            case ToolCatalog.runCommand: return try await runCommand.call(arguments, meta: params._meta, approval: approval)
            case ToolCatalog.readFile: return .complete(try await fileTools.readFile(arguments))
            default: return .complete(try await fileTools.listDir(arguments))
            }
        }
    }
}
