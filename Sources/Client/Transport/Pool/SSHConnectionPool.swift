// The public entry point: one authenticated session per target, shared by every call. Calls
// become operations submitted to that connection's thread; callers only await.
import Foundation
import Synchronization

public struct PoolStatistics: Sendable, Equatable {
    /// Sessions established (TCP + handshake + authentication) since the pool was created.
    public var handshakes: Int
    /// Connections currently connecting or ready.
    public var openSessions: Int

    public init(handshakes: Int, openSessions: Int) {
        self.handshakes = handshakes
        self.openSessions = openSessions
    }
}

public final class SSHConnectionPool: Sendable {
    private let idleTimeout: Duration
    private let health: ConnectionHealthPolicy
    /// The deadline of every SFTP read and listing.
    private let fileOperationTimeout: Duration
    private let warningHandler: @Sendable (String) -> Void
    private let connections = Mutex<[SSHTarget: Connection]>([:])
    /// Every connection whose thread may still be inside libssh2, current or already replaced.
    private let threads = Mutex<[Connection]>([])
    private let handshakes = Counter()

    public init(
        idleTimeout: Duration = .seconds(300), health: ConnectionHealthPolicy = .standard,
        fileOperationTimeout: Duration = .seconds(60),
        warningHandler: @escaping @Sendable (String) -> Void = { message in
            FileHandle.standardError.write(Data(("ssh-for-agents: " + message + "\n").utf8))
        }
    ) {
        self.idleTimeout = idleTimeout
        self.health = health
        self.fileOperationTimeout = fileOperationTimeout
        self.warningHandler = warningHandler
    }

    deinit {
        for connection in connections.withLock({ Array($0.values) }) { connection.requestClose() }
    }

    public var statistics: PoolStatistics {
        let open = connections.withLock { $0.values.filter { $0.state.acceptsWork }.count }
        return PoolStatistics(handshakes: handshakes.value, openSessions: open)
    }

    /// Connection threads that may still be inside libssh2 (0 after `closeAll` returned in time).
    public var runningConnectionThreads: Int {
        threads.withLock { $0.filter { !$0.threadFinished }.count }
    }

    public func exec(_ target: SSHTarget, _ request: ExecRequest) async throws -> ExecResult {
        // One deadline for the whole call, a transparent retry on a fresh connection included.
        let deadline = request.timeout.map { ContinuousClock.now + $0 }
        return try await perform(target) { completion in
            ExecOperation(request: request, deadline: deadline, completion: completion)
        }
    }

    public func readFile(_ target: SSHTarget, path: String, maxBytes: Int) async throws -> RemoteFile {
        let deadline = SFTPDeadline(start: .now, limit: fileOperationTimeout)
        let output = try await perform(target) { completion in
            SFTPOperation(job: .read(path: path, maxBytes: max(0, maxBytes)), deadline: deadline, completion: completion)
        }
        guard case .file(let file) = output else { throw SSHError.sftpFailed(path: path, reason: "internal: wrong result") }
        return file
    }

    public func listDirectory(_ target: SSHTarget, path: String, maxEntries: Int) async throws -> RemoteDirectoryListing {
        let deadline = SFTPDeadline(start: .now, limit: fileOperationTimeout)
        let output = try await perform(target) { completion in
            SFTPOperation(job: .list(path: path, maxEntries: max(0, maxEntries)), deadline: deadline, completion: completion)
        }
        guard case .listing(let listing) = output else { throw SSHError.sftpFailed(path: path, reason: "internal: wrong result") }
        return listing
    }

    /// Closes the target's session (its host configuration changed or was removed).
    public func close(_ target: SSHTarget) async {
        connections.withLock { $0.removeValue(forKey: target) }?.requestClose()
    }

    /// Closes every connection and waits (up to `grace`) until their threads have left libssh2,
    /// so that a process exiting next cannot run libssh2's global cleanup under a live session
    /// (that crashed the CLI now and then before it left with `_exit`).
    public func closeAll(grace: Duration = .seconds(2)) async {
        let all = connections.withLock { all in
            defer { all.removeAll() }
            return Array(all.values)
        }
        for connection in all { connection.requestClose() }
        // Polled: it is one short wait at shutdown, and a session stuck on a dead network must
        // not hold shutdown up past the grace period.
        let deadline = ContinuousClock.now + grace
        while threads.withLock({ $0.contains { !$0.threadFinished } }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    // MARK: -

    /// Runs an operation on the target's connection. A connection that died before the
    /// request reached the server is replaced and the call run once more, transparently.
    private func perform<Output: Sendable>(
        _ target: SSHTarget,
        _ makeOperation: @escaping (@escaping (Result<Output, any Error>) -> Void) -> any LoopOperation
    ) async throws -> Output {
        var retried = false
        while true {
            try Task.checkCancellation()
            do {
                return try await submit(target, makeOperation)
            } catch let failure as RetryableFailure {
                if retried { throw failure.error }
                retried = true
            }
        }
    }

    private func submit<Output: Sendable>(
        _ target: SSHTarget,
        _ makeOperation: @escaping (@escaping (Result<Output, any Error>) -> Void) -> any LoopOperation
    ) async throws -> Output {
        let box = OperationBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Output, any Error>) in
                let operation = makeOperation { continuation.resume(with: $0) }
                box.set(operation)
                // A connection can stop taking work between lookup and submit (idle close,
                // hang-up): then it is replaced, without counting as the one retry.
                while true {
                    let connection = usableConnection(for: target)
                    if connection.submit(operation) {
                        box.submitted(to: connection)
                        break
                    }
                    discard(connection)
                }
            }
        } onCancel: {
            box.cancel()
        }
    }

    private func usableConnection(for target: SSHTarget) -> Connection {
        let (connection, created) = connections.withLock { all -> (Connection, Bool) in
            if let existing = all[target], existing.state.acceptsWork { return (existing, false) }
            let fresh = Connection(
                target: target, idleTimeout: idleTimeout, health: health, warningHandler: warningHandler,
                onEstablished: { [handshakes] in handshakes.increment() })
            all[target] = fresh
            return (fresh, true)
        }
        if created {
            threads.withLock { threads in
                threads.removeAll { $0.threadFinished }
                threads.append(connection)
            }
            connection.start()
        }
        return connection
    }

    private func discard(_ connection: Connection) {
        connections.withLock { all in
            if all[connection.target] === connection { all.removeValue(forKey: connection.target) }
        }
    }
}

/// Lets the cancellation handler reach the operation and wake its loop from any thread.
private final class OperationBox: Sendable {
    private struct State {
        var operation: (any LoopOperation)?
        var connection: Connection?
        var cancelled = false
    }
    private let state = Mutex(State())

    func set(_ operation: any LoopOperation) {
        let cancelled = state.withLock { state -> Bool in
            state.operation = operation
            return state.cancelled
        }
        if cancelled { operation.cancel() }
    }

    func submitted(to connection: Connection) {
        let cancelled = state.withLock { state -> Bool in
            state.connection = connection
            return state.cancelled
        }
        if cancelled { connection.wake() }
    }

    func cancel() {
        let (operation, connection) = state.withLock { state in
            state.cancelled = true
            return (state.operation, state.connection)
        }
        operation?.cancel()
        connection?.wake()
    }
}

private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
