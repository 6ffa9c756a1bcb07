import Foundation
import MCP
import Synchronization

/// The tool calls the router started, by request id (its exact bytes, see `RequestKey`): `notifications/cancelled` stops one, and a
/// call that was cancelled sends nothing. Each call also has its own token, so a cancelled call
/// winding down can never remove, or answer for, a later call that reuses its id.
final class RunningCalls: Sendable {
    private struct Entry {
        let token: UInt64
        let task: Task<Void, Never>
    }

    private struct State {
        var lastToken: UInt64 = 0
        var calls: [RequestKey: Entry] = [:]
    }

    private let state = Mutex(State())

    /// Runs `work` and sends what it returns (nil: it was cancelled). False, and nothing started,
    /// when a call with this id is still running: JSON-RPC ids must be unique among requests in
    /// flight, and answering two calls under one id would leave the client guessing.
    func start(
        _ id: ID, send: @escaping @Sendable (Data) -> Void,
        _ work: @escaping @Sendable () async -> Data?
    ) -> Bool {
        let key = RequestKey(id)
        return state.withLock { state in
            guard state.calls[key] == nil else { return false }
            state.lastToken += 1
            let token = state.lastToken
            let task = Task { [weak self] in
                let response = await work()
                // Gone already when the client cancelled it meanwhile: then nothing is sent.
                guard let self, self.finish(key, token: token), let response else { return }
                send(response)
            }
            state.calls[key] = Entry(token: token, task: task)
            return true
        }
    }

    /// Stops the call with this id; false when there is none (the SDK's, or finished).
    func cancel(_ id: ID) -> Bool {
        let entry = state.withLock { $0.calls.removeValue(forKey: RequestKey(id)) }
        entry?.task.cancel()
        return entry != nil
    }

    /// Removes this call's entry; false when it was cancelled (and so removed) before.
    private func finish(_ key: RequestKey, token: UInt64) -> Bool {
        state.withLock { state in
            guard state.calls[key]?.token == token else { return false }
            state.calls.removeValue(forKey: key)
            return true
        }
    }
}
