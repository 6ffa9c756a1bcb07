import Foundation
import MCP
import Synchronization

/// The requests read from stdin that have not been answered yet. When stdin closes, the message
/// stream is held open until they are: a client that writes its requests and then closes its end
/// (`printf … | ssh-for-agents`) still gets every answer, and the server exits right after the last.
final class PendingRequests: Sendable {
    private struct State {
        /// How many requests with each id await an answer (a client may, wrongly, reuse an id).
        var waiting: [RequestKey: Int] = [:]
        var inputClosed = false
        var finished = false
    }

    private let state = Mutex(State())
    private let onDrained: @Sendable () -> Void

    init(onDrained: @escaping @Sendable () -> Void) {
        self.onDrained = onDrained
    }

    /// Notes a request read from stdin.
    func received(request id: ID) {
        state.withLock { $0.waiting[RequestKey(id), default: 0] += 1 }
    }

    /// Notes a `notifications/cancelled`: a cancelled request gets no response (MCP cancellation),
    /// so it is settled now.
    func cancelled(request id: ID) {
        settle([RequestKey(id)])
    }

    /// Notes a single message read from stdin that only `JSONSerialization` could read; the SDK
    /// answers it by the id it finds there.
    func received(_ message: Any) {
        guard let object = message as? [String: Any], object["method"] is String,
            object["result"] == nil, object["error"] == nil
        else { return }
        if let id = RequestKey.id(jsonObject: object["id"]) { received(request: id) }
    }

    /// Notes a message written to stdout; a response settles its request.
    func sent(_ message: Data) {
        let keys = TopLevelScanner.envelopes(in: message).filter { !$0.hasMethod }.compactMap { envelope in
            envelope.idToken.flatMap(RequestKey.init(token:))
        }
        if !keys.isEmpty { settle(keys) }
    }

    /// The client is gone: nothing will be answered any more, so end the stream now.
    func abandon() {
        let drained = state.withLock { state -> Bool in
            state.waiting.removeAll()
            state.inputClosed = true
            return takeFinish(&state)
        }
        if drained { onDrained() }
    }

    /// True once every request read has been answered after stdin closed.
    var isFinished: Bool { state.withLock { $0.finished } }

    func inputClosed() {
        let drained = state.withLock { state -> Bool in
            state.inputClosed = true
            return takeFinish(&state)
        }
        if drained { onDrained() }
    }

    private func settle(_ keys: [RequestKey]) {
        let drained = state.withLock { state -> Bool in
            for key in keys {
                guard let count = state.waiting[key] else { continue }
                state.waiting[key] = count > 1 ? count - 1 : nil
            }
            return takeFinish(&state)
        }
        if drained { onDrained() }
    }

    private func takeFinish(_ state: inout State) -> Bool {
        guard state.inputClosed, state.waiting.isEmpty, !state.finished else { return false }
        state.finished = true
        return true
    }
}
