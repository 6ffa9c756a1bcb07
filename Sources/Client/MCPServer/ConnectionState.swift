import Foundation
import MCP
import Synchronization

/// What the server learns about its one client during the connection: what it declared it can do
/// at initialize, and which tool calls are running (so EOF lets them finish and SIGTERM can end
/// them, remote commands included).
final class ConnectionState: Sendable {
    private struct State {
        var era = ProtocolEra.undecided
        var clientCanElicit = false
        var initializeSeen = false
        var running: [UUID: @Sendable () -> Void] = [:]
        var inputClosed = false
        var onInputClose: [UUID: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// From the SDK's initialize hook (other transports than stdio).
    func initialized(with capabilities: Client.Capabilities) {
        let canElicit = capabilities.elicitation.map {
            ElicitationSupport.canShowForm(declaresForm: $0.form != nil, declaresURL: $0.url != nil)
        } ?? false
        state.withLock { $0.clientCanElicit = canElicit }
    }

    /// From the stdin thread, the moment the first `initialize` is read: a `tools/call` right
    /// behind it must already see what the client declared. A later `initialize`, which the SDK
    /// refuses, changes nothing.
    func initializeRead(canElicit: Bool) {
        state.withLock { state in
            guard !state.initializeSeen else { return }
            state.initializeSeen = true
            state.clientCanElicit = canElicit
        }
    }

    /// Whether the 2025-11-25 client can show a form to its human.
    var clientCanElicit: Bool {
        state.withLock { $0.clientCanElicit }
    }

    var era: ProtocolEra { state.withLock { $0.era } }

    /// Runs `decide` on the era under the lock (the first request fixes it).
    func withEra<T>(_ decide: (inout ProtocolEra) -> T) -> T {
        state.withLock { decide(&$0.era) }
    }

    /// Runs one tool call so that `cancelAll` can reach it; the caller's own cancellation (MCP
    /// `notifications/cancelled`) still reaches it too.
    func track<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await operation() }
        let id = UUID()
        state.withLock { $0.running[id] = { task.cancel() } }
        defer { _ = state.withLock { $0.running.removeValue(forKey: id) } }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Runs `action` when the client closes its input (at once if it already has). A question to
    /// the human can get no answer after that, so it must not hold the call open.
    func whenInputCloses(_ action: @escaping @Sendable () -> Void) -> UUID {
        let id = UUID()
        let closed = state.withLock { state -> Bool in
            if !state.inputClosed { state.onInputClose[id] = action }
            return state.inputClosed
        }
        if closed { action() }
        return id
    }

    func forgetInputCloseAction(_ id: UUID) {
        _ = state.withLock { $0.onInputClose.removeValue(forKey: id) }
    }

    func inputClosed() {
        let actions = state.withLock { state in
            state.inputClosed = true
            defer { state.onInputClose = [:] }
            return Array(state.onInputClose.values)
        }
        actions.forEach { $0() }
    }

    var runningCalls: Int { state.withLock { $0.running.count } }

    func cancelAll() {
        let cancels = state.withLock { Array($0.running.values) }
        cancels.forEach { $0() }
    }
}
