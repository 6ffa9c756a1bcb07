// One pooled SSH connection: a life cycle (connecting -> ready -> broken | closed) guarded by
// a mutex, an inbox of submitted work, and the dedicated OS thread that owns the libssh2
// session. Async callers submit operations and await them; they never call libssh2.
import Foundation
import Synchronization

enum ConnectionState: Sendable {
    case connecting
    case ready
    /// The session died (or failed to connect); it is never used again.
    case broken(SSHError)
    /// Closed on purpose (idle timeout, `close`, `closeAll`).
    case closed

    var acceptsWork: Bool {
        switch self {
        case .connecting, .ready: true
        case .broken, .closed: false
        }
    }
}

final class Connection: Sendable {
    let target: SSHTarget
    let idleTimeout: Duration
    let health: ConnectionHealthPolicy
    let warningHandler: @Sendable (String) -> Void
    let onEstablished: @Sendable () -> Void
    /// A non-blocking pipe that wakes the loop's poll when work arrives or a caller cancels:
    /// the loop polls the read end, anyone writes a byte to the write end.
    let wakeDescriptor: Int32
    private let wakeWriter: Int32

    private struct Shared {
        var state: ConnectionState = .connecting
        var inbox: [any LoopOperation] = []
        var closeRequested = false
        /// Set when the thread has left libssh2 for good (session freed or never made).
        var threadFinished = false
    }
    private let shared = Mutex(Shared())

    init(
        target: SSHTarget, idleTimeout: Duration, health: ConnectionHealthPolicy,
        warningHandler: @escaping @Sendable (String) -> Void,
        onEstablished: @escaping @Sendable () -> Void
    ) {
        self.target = target
        self.idleTimeout = idleTimeout
        self.health = health
        self.warningHandler = warningHandler
        self.onEstablished = onEstablished
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakeDescriptor = ends[0]
        wakeWriter = ends[1]
    }

    deinit {
        close(wakeDescriptor)
        close(wakeWriter)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "ssh \(target.username)@\(target.hostname):\(target.port)"
        thread.start()
    }

    var state: ConnectionState { shared.withLock { $0.state } }

    /// false when the connection no longer takes work (the pool then makes a new one).
    func submit(_ operation: any LoopOperation) -> Bool {
        let accepted = shared.withLock { shared -> Bool in
            guard shared.state.acceptsWork, !shared.closeRequested else { return false }
            shared.inbox.append(operation)
            return true
        }
        if accepted { wake() }
        return accepted
    }

    /// Close after the operations already running have finished being abandoned.
    func requestClose() {
        shared.withLock { $0.closeRequested = true }
        wake()
    }

    func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWriter, &byte, 1) // a full pipe already means "wake up"
    }

    func drainWakeups() {
        var bytes = [UInt8](repeating: 0, count: 256)
        while read(wakeDescriptor, &bytes, bytes.count) > 0 {}
    }

    // MARK: - Called on the connection thread

    /// New work, or nil when a close was requested.
    func takeInbox() -> [any LoopOperation]? {
        shared.withLock { shared in
            if shared.closeRequested { return nil }
            defer { shared.inbox.removeAll() }
            return shared.inbox
        }
    }

    /// Idle close: only if nobody slipped work in meanwhile.
    func closeIfIdle() -> Bool {
        shared.withLock { shared in
            guard shared.inbox.isEmpty else { return false }
            shared.state = .closed
            return true
        }
    }

    /// Moves to a final state and hands back work that was submitted but never started.
    func finish(_ final: ConnectionState) -> [any LoopOperation] {
        shared.withLock { shared in
            if shared.state.acceptsWork { shared.state = final }
            defer { shared.inbox.removeAll() }
            return shared.inbox
        }
    }

    /// True once the connection's thread has freed its session (or never made one): after that
    /// no libssh2 call of this connection is in flight.
    var threadFinished: Bool { shared.withLock { $0.threadFinished } }

    private func run() {
        defer { shared.withLock { $0.threadFinished = true } }
        switch SessionConnector.connect(target, warn: warningHandler) {
        case .failure(let error):
            // A connect error is final for the calls waiting on it: reconnecting would fail the same way.
            for operation in finish(.broken(error)) { operation.abandon(error, mayRetry: false) }
        case .success(let session):
            shared.withLock { if case .connecting = $0.state { $0.state = .ready } }
            onEstablished()
            EventLoop(connection: self, session: session).run()
            session.close()
        }
    }
}
