import Gateway

/// The tools, one entry each, in the order they are listed. Every front end (the MCP server, a
/// local-model bridge) lists and calls tools from here and nowhere else.
public struct ToolTable: Sendable {
    public let tools: [AgentTool]

    /// `spill` keeps big command output out of the model's context (see `OutputSpill`).
    public init(gateway: Gateway, spill: OutputSpill) {
        tools = [
            ListHostsTool.entry(gateway: gateway),
            CheckCommandTool.entry(gateway: gateway),
            RunCommandTool.entry(gateway: gateway, spill: spill),
            ReadFileTool.entry(gateway: gateway, spill: spill.withInlineBytes(ReadFileTool.inlineBytes)),
            ListDirTool.entry(gateway: gateway),
        ]
    }

    public var names: [String] { tools.map(\.name) }

    /// An unknown name is the caller's mistake; the message lists the tools there are.
    public func tool(named name: String) throws(InvalidToolCall) -> AgentTool {
        guard let tool = tools.first(where: { $0.name == name }) else {
            throw InvalidToolCall("unknown tool \"\(name)\"; the tools are \(names.joined(separator: ", "))")
        }
        return tool
    }
}
