import AgentTools
import Foundation
import Gateway
import Logging
import MCP

/// Settings of the MCP layer itself (everything about hosts lives in hosts.json).
public struct MCPServerOptions: Sendable {
    /// Bytes of each output stream returned inline before the rest goes to a file.
    public var inlineOutputBytes: Int
    public static let defaultInlineOutputBytes = 10_000

    public init(inlineOutputBytes: Int = MCPServerOptions.defaultInlineOutputBytes) {
        self.inlineOutputBytes = inlineOutputBytes
    }
}

/// The MCP server: the SDK's `Server` with our five tools, serving one client over one transport
/// until the client goes away.
public final class SSHForAgentsServer: Sendable {
    public static let name = "ssh-for-agents"
    static let title = "SSH for agents"

    private let gateway: Gateway
    private let server: Server
    private let spill: OutputSpill
    private let tools: ToolTable
    private let session = ClientSession()
    private let tracker = ToolCallTracker()
    private let logger: Logger
    private let clientLog: ClientLogRelay
    private let version: String
    private let ledger = ApprovalLedger()

    public init(
        gateway: Gateway, options: MCPServerOptions = MCPServerOptions(), version: String,
        logger: Logger, clientLog: ClientLogRelay = ClientLogRelay()
    ) {
        self.gateway = gateway
        self.logger = logger
        self.clientLog = clientLog
        self.version = version
        spill = OutputSpill(inlineBytes: options.inlineOutputBytes)
        tools = ToolTable(gateway: gateway, spill: spill)
        server = Server(
            name: Self.name, version: version, title: Self.title,
            instructions: Self.instructions,
            capabilities: .init(logging: .init(), tools: .init(listChanged: false)),
            configuration: .default)
        clientLog.attach(server)
    }

    /// Serves until the transport's input ends.
    public func run(transport: any Transport) async throws {
        let dispatcher = ToolDispatcher(table: tools, server: server, session: session, ledger: ledger, tracker: tracker)
        await registerHandlers(dispatcher)
        // The 2026-07-28 era and the fast tools/call path need a transport that lets the router
        // see messages first; over any other transport the SDK serves 2025-11-25 alone.
        if let routable = transport as? any RoutableTransport {
            let info = ToolCallRouter.ServerInfo(
                name: Self.name, title: Self.title, version: version,
                instructions: Self.instructions)
            await routable.route(
                with: ToolCallRouter(
                    dispatcher: dispatcher, session: session, ledger: ledger, info: info,
                    replies: routable, enteredStatelessEra: { [clientLog] in clientLog.silence() }))
        }
        let session = self.session
        let logger = self.logger
        try await server.start(transport: transport) { clientInfo, capabilities in
            session.initialized(with: capabilities)
            logger.info("client \(clientInfo.name) \(clientInfo.version) connected; elicitation: \(session.clientCanElicit)")
        }
        Task.detached(priority: .background) { [spill] in spill.pruneOldFiles() }
        // Returns when the transport's input ends; a stdio transport holds that back until every
        // request it read has been answered.
        await server.waitUntilCompleted()
    }

    /// For SIGTERM: cancels every running tool call (which ends its remote command) and waits up
    /// to `grace` for them to wind down.
    public func cancelRunningCalls(grace: Duration) async {
        tracker.cancelAll()
        let deadline = ContinuousClock.now + grace
        while tracker.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// `tools/call` is registered with the SDK too: other transports use it, and so does a call
    /// the stdio transport's router could not read.
    private func registerHandlers(_ tools: ToolDispatcher) async {
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: tools.listing)
        }
        await server.withMethodHandler(CallTool.self) { [session] params in
            // The router keeps 2026-07-28 traffic away from the SDK; should anything slip through,
            // it must not run the 2025 way (where `confirm: true` may approve).
            guard session.era != .stateless else {
                throw MCPError.invalidRequest("this connection speaks MCP 2026-07-28")
            }
            switch try await tools.call(params, approval: session.clientCanElicit ? .elicitation : .none) {
            case .complete(let result): return result.callToolResult
            case .inputRequired: throw MCPError.internalError("a 2025-11-25 call cannot return input_required")
            }
        }
        await server.withMethodHandler(SetLoggingLevel.self) { [clientLog] params in
            clientLog.setMinimum(params.level)
            return Empty()
        }
    }

    static let instructions = """
        Work on remote machines over SSH. Start with list_hosts to learn the host aliases and each \
        host's policy mode. run_command runs shell commands; a safety policy checks each one first: \
        most run at once, destructive ones need a human's approval (your client may ask the human \
        directly), and some are blocked outright. check_command previews that decision without \
        running anything. read_file and list_dir read over SFTP without a shell. Never pass \
        confirm: true unless the user explicitly approved that exact command.
        """
}
