import AgentTools
import Gateway
import MCP

/// Serves `tools/list` and `tools/call` from the tool table: the call's name picks the entry, its
/// arguments are checked against the entry's declared ones, and MCP's ways of reaching the human
/// and reporting progress are handed to the tool as neutral channels. An unknown tool or a
/// malformed argument is a protocol error ("invalid params"); everything that goes wrong while
/// doing the work is an `isError` result.
struct ToolDispatcher: Sendable {
    let table: ToolTable
    /// What `tools/list` shows in both eras; the tools never change while the process runs.
    let listing: [Tool]
    let server: Server
    let session: ClientSession
    let ledger: ApprovalLedger
    let tracker: ToolCallTracker

    init(table: ToolTable, server: Server, session: ClientSession, ledger: ApprovalLedger, tracker: ToolCallTracker) {
        self.table = table
        listing = table.tools.map(\.mcpTool)
        self.server = server
        self.session = session
        self.ledger = ledger
        self.tracker = tracker
    }

    func call(_ params: CallTool.Parameters, approval: ApprovalRoute) async throws -> ToolOutcome {
        let tool: AgentTool
        let arguments: ToolArguments
        do {
            tool = try table.tool(named: params.name)
            arguments = try tool.arguments(params.arguments?.mapValues(ToolValue.init))
        } catch {
            throw error.mcpError
        }
        let context = ToolCallContext(
            human: human(for: approval),
            progress: params._meta?.progressToken.map { MCPProgressSink(token: $0, server: server) })
        return try await tracker.track {
            do {
                return try await tool.run(arguments, context: context)
            } catch let error as InvalidToolCall {
                throw error.mcpError
            }
        }
    }

    /// The MCP way of asking this call's human, if the client can be asked.
    private func human(for approval: ApprovalRoute) -> (any Confirmer)? {
        switch approval {
        case .none: nil
        case .elicitation: ElicitationApproval(server: server, session: session)
        case .roundTrip(let answer): RoundTripApproval(answer: answer, ledger: ledger)
        }
    }
}
