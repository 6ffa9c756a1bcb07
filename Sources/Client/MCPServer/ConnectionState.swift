import MCP
import Synchronization

/// What the server learns about its one client during the connection: what it declared it can do
/// at initialize, and how many tool calls are still running (so an EOF on stdin lets them finish).
final class ConnectionState: Sendable {
    private let capabilities = Mutex<Client.Capabilities?>(nil)
    private let running = Mutex(0)

    func initialized(with capabilities: Client.Capabilities) {
        self.capabilities.withLock { $0 = capabilities }
    }

    /// Whether the client can show a form to its human: it declared `elicitation`, with `form` or
    /// (the 2025-06-18 shape, before modes existed) with no mode at all.
    var clientCanElicit: Bool {
        capabilities.withLock { capabilities in
            guard let elicitation = capabilities?.elicitation else { return false }
            return elicitation.form != nil || elicitation.url == nil
        }
    }

    func callStarted() { running.withLock { $0 += 1 } }
    func callEnded() { running.withLock { $0 -= 1 } }
    var runningCalls: Int { running.withLock { $0 } }
}
