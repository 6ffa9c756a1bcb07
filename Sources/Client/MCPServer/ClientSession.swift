import Foundation
import MCP
import Synchronization

/// What the server knows about its one client (stdio: one client per process): which revision of
/// MCP it speaks, what it declared it can do, and whether its input is still open.
final class ClientSession: Sendable {
    /// Where the conversation stands. Each stage holds only what is known in it, so "can elicit"
    /// cannot be asked of a client that has not said, or of a stateless one.
    enum Stage: Sendable, Equatable {
        /// No request read yet: the first one fixes the era (`ProtocolEra`).
        case awaitingFirstRequest
        /// 2025-11-25: the connection began (or will begin) with `initialize`, not read yet.
        case awaitingInitialize
        /// 2025-11-25 after `initialize`: whether the client can show its human a form.
        case initialized(clientCanElicit: Bool)
        /// 2026-07-28: every request carries its own envelope (`StatelessEnvelope`); nothing is
        /// remembered between requests.
        case stateless

        /// nil until the first request has fixed it.
        var era: ProtocolEra? {
            switch self {
            case .awaitingFirstRequest: nil
            case .awaitingInitialize, .initialized: .handshake
            case .stateless: .stateless
            }
        }
    }

    /// The client's end of our input. Once closed, no answer to a question we asked can come.
    private enum Input {
        /// Still open; what to do when it closes.
        case open(onClose: [UUID: @Sendable () -> Void])
        case closed
    }

    private struct State {
        var stage = Stage.awaitingFirstRequest
        var input = Input.open(onClose: [:])
    }

    private let state = Mutex(State())

    var stage: Stage { state.withLock { $0.stage } }

    /// nil until the first request has fixed it.
    var era: ProtocolEra? { stage.era }

    /// Whether the 2025-11-25 client can show a form to its human (false until it has said so).
    var clientCanElicit: Bool {
        if case .initialized(let canElicit) = stage { return canElicit }
        return false
    }

    // MARK: Stage transitions

    /// Fixes the era on the first request; after that, returns the one in force. `firstRequest`
    /// nil: this request chose none (its 2026-07-28 envelope is unusable), which leaves the choice
    /// open so the client can still fall back to `initialize`. `settledNow` is true only for the
    /// request that fixed it.
    func settleEra(_ firstRequest: ProtocolEra?) -> (era: ProtocolEra?, settledNow: Bool) {
        state.withLock { state in
            guard state.stage == .awaitingFirstRequest, let firstRequest else { return (state.stage.era, false) }
            state.stage = firstRequest == .stateless ? .stateless : .awaitingInitialize
            return (firstRequest, true)
        }
    }

    /// From the stdin thread, the moment the first `initialize` is read: a `tools/call` right
    /// behind it must already see what the client declared. A later `initialize`, which the SDK
    /// refuses, changes nothing.
    func initializeRead(canElicit: Bool) {
        state.withLock { state in
            switch state.stage {
            case .awaitingFirstRequest, .awaitingInitialize: state.stage = .initialized(clientCanElicit: canElicit)
            case .initialized, .stateless: break
            }
        }
    }

    /// From the SDK's initialize hook, which every transport runs (for stdio, after
    /// `initializeRead`, with the same answer). A stateless session never sees one: the router
    /// refuses `initialize` there.
    func initialized(with capabilities: Client.Capabilities) {
        let canElicit =
            capabilities.elicitation.map {
                ElicitationSupport.canShowForm(declaresForm: $0.form != nil, declaresURL: $0.url != nil)
            } ?? false
        state.withLock { state in
            if state.stage != .stateless { state.stage = .initialized(clientCanElicit: canElicit) }
        }
    }

    // MARK: Input

    /// Runs `action` when the client closes its input (at once if it already has). A question to
    /// the human can get no answer after that, so it must not hold the call open.
    func whenInputCloses(_ action: @escaping @Sendable () -> Void) -> UUID {
        let id = UUID()
        let closed = state.withLock { state -> Bool in
            guard case .open(var actions) = state.input else { return true }
            actions[id] = action
            state.input = .open(onClose: actions)
            return false
        }
        if closed { action() }
        return id
    }

    func forgetInputCloseAction(_ id: UUID) {
        state.withLock { state in
            guard case .open(var actions) = state.input else { return }
            actions.removeValue(forKey: id)
            state.input = .open(onClose: actions)
        }
    }

    func inputClosed() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            defer { state.input = .closed }
            guard case .open(let actions) = state.input else { return [] }
            return Array(actions.values)
        }
        actions.forEach { $0() }
    }
}
