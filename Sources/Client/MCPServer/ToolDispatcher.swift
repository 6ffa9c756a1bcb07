import MCP

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

    func call(_ params: CallTool.Parameters) async throws -> CallTool.Result {
        guard let allowed = Self.arguments[params.name] else {
            throw MCPError.invalidParams(
                "unknown tool \"\(params.name)\"; the tools are \(ToolCatalog.names.joined(separator: ", "))")
        }
        let arguments = try ToolArguments(tool: params.name, values: params.arguments, allowed: allowed)
        return try await connection.track { [self] in
            switch params.name {
            case ToolCatalog.listHosts: return try await hostTools.listHosts(arguments)
            case ToolCatalog.checkCommand: return try await hostTools.checkCommand(arguments)
            case ToolCatalog.runCommand: return try await runCommand.call(arguments, meta: params._meta)
            case ToolCatalog.readFile: return try await fileTools.readFile(arguments)
            default: return try await fileTools.listDir(arguments)
            }
        }
    }
}
