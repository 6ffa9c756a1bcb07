import ArgumentParser
import CLISupport
import Foundation
import Gateway
import HostConfiguration
import Logging
import MCPServer
import SSHTransport
import Synchronization
import TransportSelection

/// `serve`: MCP over stdin/stdout until the client closes stdin or sends SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve MCP over stdio (the default when no subcommand is given).",
        discussion: """
            stdout carries only MCP messages; logs go to stderr. hosts.json is found as for the \
            other commands (--config, ./hosts.json, $SSH_AGENT_CONFIG, \
            ~/.config/ssh-for-agents/hosts.json) and re-read whenever it changes.
            """)

    @OptionGroup var hostsFile: HostsFileOption

    @Option(
        name: .customLong("inline-output-bytes"),
        help:
            "Bytes of each output stream returned inline; the rest is saved to a private file (default 10000, env SSH_FOR_AGENTS_INLINE_OUTPUT_BYTES)."
    )
    var inlineOutputBytes: Int?

    @OptionGroup var logging: LogLevelOption

    func validate() throws {
        if let inlineOutputBytes, inlineOutputBytes < 256 {
            throw ValidationError("--inline-output-bytes must be at least 256")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = StderrLogging.bootstrap(level: logging.resolved(environment: environment))
        // A client that vanishes must not kill us mid-write; the write reports EPIPE instead.
        signal(SIGPIPE, SIG_IGN)

        let clientLog = ClientLogRelay()
        let store = HostConfigStore(
            path: configPath(logger: logger),
            warningHandler: { message in
                logger.warning("\(message)")
                clientLog.warning(message)
            })
        let gateway = Gateway(
            configStore: store,
            transport: SelectingTransport(warningHandler: { message in
                FileHandle.standardError.write(Data(("ssh-for-agents: " + message + "\n").utf8))
            }))
        let vanished = ServerSlot()
        let transport = StdioLineTransport(
            logger: logger,
            clientVanished: {
                // Nobody can read the answers: cancel the running calls, which ends their remote
                // commands; the server then exits as the last answer is (not) delivered.
                await vanished.server?.cancelRunningCalls(grace: .seconds(8))
            })
        let inline =
            inlineOutputBytes
            ?? environment["SSH_FOR_AGENTS_INLINE_OUTPUT_BYTES"].flatMap { Int($0) }.map { max($0, 256) }
            ?? MCPServerOptions.defaultInlineOutputBytes
        let server = SSHForAgentsServer(
            gateway: gateway, options: MCPServerOptions(inlineOutputBytes: inline),
            version: ServerCommand.version, logger: logger, clientLog: clientLog)
        vanished.server = server

        let termination = TerminationSignals {
            // Prompt, unlike EOF: running calls are cancelled, which ends their remote commands
            // (the transport signals the remote process group), then the connections close and
            // the process exits; the main path never gets to exit first, as stdin stays open.
            // If that hangs on a dead network, exit anyway.
            Task {
                await server.cancelRunningCalls(grace: .milliseconds(1500))
                await gateway.shutdown()
                ProcessExit.flushingOutput(status: 0)
            }
            Task {
                try? await Task.sleep(for: .seconds(3))
                ProcessExit.immediately(status: 0)
            }
        }
        defer { termination.cancel() }
        try await server.run(transport: transport)
        await gateway.shutdown()
        // Returning ends the process through ToolMain, with _exit like the signal path above.
    }

    /// The hosts.json to watch. A missing file does not stop the server: the tools then say where
    /// the file is expected, and it is picked up as soon as it appears.
    private func configPath(logger: Logger) -> String {
        let locator = ConfigLocator(explicitPath: hostsFile.config)
        do {
            return try locator.locate()
        } catch {
            logger.warning("\(error)")
            return locator.candidates.last ?? "hosts.json"
        }
    }
}

/// Lets the transport's callback, made before the server, reach it.
private final class ServerSlot: Sendable {
    private let slot = Mutex<SSHForAgentsServer?>(nil)
    var server: SSHForAgentsServer? {
        get { slot.withLock { $0 } }
        set { slot.withLock { $0 = newValue } }
    }
}
