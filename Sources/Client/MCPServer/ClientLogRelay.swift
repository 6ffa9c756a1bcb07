import MCP
import Synchronization

/// Passes warnings that matter to the person at the client (a broken hosts.json being ignored, a
/// host key check switched off) on as MCP `notifications/message`, besides stderr. Created before
/// the server exists, because the configuration store that produces such warnings is.
public final class ClientLogRelay: Sendable {
    private struct State {
        var server: Server?
        /// What the client asked for with `logging/setLevel`; warnings and worse until then.
        var minimum: LogLevel = .warning
    }

    private let state = Mutex(State())

    public init() {}

    func attach(_ server: Server) {
        state.withLock { $0.server = server }
    }

    /// For 2026-07-28 clients, which get log messages only on requests that ask for them.
    func silence() {
        state.withLock { $0.server = nil }
    }

    func setMinimum(_ level: LogLevel) {
        state.withLock { $0.minimum = level }
    }

    public func warning(_ message: String) {
        send(.warning, message)
    }

    func send(_ level: LogLevel, _ message: String) {
        let server: Server? = state.withLock { state in
            Self.rank(level) >= Self.rank(state.minimum) ? state.server : nil
        }
        guard let server else { return }
        Task { try? await server.log(level: level, logger: "ssh-for-agents", data: .string(message)) }
    }

    private static func rank(_ level: LogLevel) -> Int {
        LogLevel.allCases.firstIndex(of: level) ?? 0
    }
}
