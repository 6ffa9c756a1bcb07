import ArgumentParser
import Foundation
import Gateway
import HostConfiguration
import Logging
import MCPServer

/// `serve`: MCP over stdin/stdout until the client closes stdin or sends SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve MCP over stdio (the default when no subcommand is given).",
        discussion: """
            stdout carries only MCP messages; logs go to stderr. hosts.json is found as for the \
            other commands (--config, ./hosts.json, $SSH_AGENT_CONFIG, \
            ~/.config/ssh-for-agents/hosts.json) and re-read whenever it changes.
            """)

    @Option(name: .long, help: "Path of hosts.json.")
    var config: String?

    @Option(name: .customLong("inline-output-bytes"),
            help: "Bytes of each output stream returned inline; the rest is saved to a private file (default 10000, env SSH_FOR_AGENTS_INLINE_OUTPUT_BYTES).")
    var inlineOutputBytes: Int?

    @Option(name: .customLong("log-level"),
            help: "stderr log level: trace, debug, info, notice, warning, error, critical (default warning, env SSH_FOR_AGENTS_LOG_LEVEL).")
    var logLevel: String?

    func validate() throws {
        if let inlineOutputBytes, inlineOutputBytes < 256 {
            throw ValidationError("--inline-output-bytes must be at least 256")
        }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = StderrLogging.bootstrap(level: logLevel ?? environment["SSH_FOR_AGENTS_LOG_LEVEL"])
        // A client that vanishes must not kill us mid-write; the write reports EPIPE instead.
        signal(SIGPIPE, SIG_IGN)

        let store = HostConfigStore(path: configPath(logger: logger), warningHandler: { message in
            logger.warning("\(message)")
        })
        let gateway = Gateway(configStore: store)
        let transport = StdioLineTransport(logger: logger)
        let termination = TerminationSignals {
            // Prompt, unlike EOF: running calls are not waited for. Closing the pool ends their
            // remote commands; if that hangs on a dead network, exit anyway.
            transport.finish()
            Task { await gateway.shutdown(); Foundation.exit(0) }
            Task { try? await Task.sleep(for: .seconds(2)); Foundation.exit(0) }
        }
        defer { termination.cancel() }

        let inline = inlineOutputBytes
            ?? environment["SSH_FOR_AGENTS_INLINE_OUTPUT_BYTES"].flatMap { Int($0) }.map { max($0, 256) }
            ?? MCPServerOptions.defaultInlineOutputBytes
        let server = SSHForAgentsServer(
            gateway: gateway, options: MCPServerOptions(inlineOutputBytes: inline),
            version: ServerCommand.version, logger: logger)
        try await server.run(transport: transport)
        await gateway.shutdown()
    }

    /// The hosts.json to watch. A missing file does not stop the server: the tools then say where
    /// the file is expected, and it is picked up as soon as it appears.
    private func configPath(logger: Logger) -> String {
        let locator = ConfigLocator(explicitPath: config)
        do {
            return try locator.locate()
        } catch {
            logger.warning("\(error)")
            return locator.candidates.last ?? "hosts.json"
        }
    }
}
