// The contract between the event loop and the work it multiplexes over one SSH session.
import Foundation
import Synchronization

enum Progress {
    /// Moved forward; call again in this pass.
    case progressed
    /// Waiting for the socket or a timer.
    case waiting
    /// Done; the operation has delivered its result.
    case finished
}

/// One piece of work on a connection (an exec, an SFTP read, ...). After submission it is
/// touched only on the connection's thread — except `cancel()`, which only flips an atomic —
/// hence `@unchecked Sendable` on the conforming classes.
protocol LoopOperation: AnyObject, Sendable {
    /// Advance as far as possible without blocking.
    func advance(_ loop: EventLoop) -> Progress
    /// When the loop must call `advance` again even if the socket stays quiet.
    var wakeAt: ContinuousClock.Instant? { get }
    /// The connection is gone; deliver a failure. With `mayRetry`, an operation whose request
    /// never reached the server reports `RetryableFailure` so the pool runs it once more.
    func abandon(_ error: SSHError, mayRetry: Bool)
    /// Ask the operation to stop (task cancellation). Thread-safe.
    func cancel()
}

/// Thrown internally when a call failed before its request reached the server, so running
/// it again on a fresh connection cannot run anything twice.
struct RetryableFailure: Error {
    var error: SSHError
}

/// Shared cancellation flag for operations.
final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}
