// The RemoteTransport that runs the system's OpenSSH client: one ControlMaster per target
// (started once, kept by ControlPersist, so later calls and later processes of ours share its
// connection), every command a session on it. It reaches what libssh2 1.10 cannot: RSA keys
// signed with SHA-2, AEAD ciphers and ETM MACs only, ProxyJump, certificates, FIDO keys and
// whatever else the user's ~/.ssh/config says for an alias.
import Foundation
import RemoteAccess
import Synchronization

public final class OpenSSHTransport: RemoteTransport {
    /// How long a master stays after its last session (ssh's ControlPersist).
    private let persist: Duration
    private let fileOperationTimeout: Duration
    private let environment: [String: String]
    private let warningHandler: @Sendable (String) -> Void
    /// Targets whose master answered since we last saw it fail: their calls skip the check.
    private let ready = Mutex<Set<SSHTarget>>([])
    /// Targets with a master this transport may have started, for `closeAll`.
    private let used = Mutex<Set<SSHTarget>>([])
    private let warned = Mutex<Set<SSHTarget>>([])

    public init(
        persist: Duration = .seconds(300), fileOperationTimeout: Duration = .seconds(60),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        warningHandler: @escaping @Sendable (String) -> Void = { message in
            FileHandle.standardError.write(Data(("ssh-for-agents: " + message + "\n").utf8))
        }
    ) {
        self.persist = persist
        self.fileOperationTimeout = fileOperationTimeout
        self.environment = environment
        self.warningHandler = warningHandler
    }

    public func exec(_ target: SSHTarget, _ request: ExecRequest) async throws -> ExecResult {
        let deadline = request.timeout.map { ContinuousClock.now + $0 }
        let arguments = try self.arguments(for: target)
        var retried = false
        while true {
            try await connect(arguments, deadline: deadline, timeout: request.timeout)
            let cancelled = CancelFlag()
            let session = MasterSession(request: request, arguments: arguments, deadline: deadline, cancelled: cancelled)
            let outcome = await withTaskCancellationHandler {
                await Self.onThread { session.run() }
            } onCancel: {
                cancelled.set()
            }
            switch outcome {
            case .finished(let result): return result
            case .cancelled: throw CancellationError()
            case .failed(let error):
                if case .connectionLost = error { forget(target) }
                if case .connectionStalled = error { forget(target) }
                throw error
            case .masterGone:
                forget(target)
                if retried {
                    throw SSHError.connectionLost(
                        host: arguments.destination, reason: "the ssh master connection went away twice")
                }
                retried = true
            }
        }
    }

    public func readFile(_ target: SSHTarget, path: String, maxBytes: Int) async throws -> RemoteFile {
        let arguments = try self.arguments(for: target)
        try await connect(arguments, deadline: nil, timeout: nil)
        let limit = fileOperationTimeout
        return try await Self.onThreadThrowing {
            try SFTPSession(arguments: arguments, deadline: .now + limit, limit: limit).readFile(
                path: path, maxBytes: max(0, maxBytes))
        }
    }

    public func listDirectory(_ target: SSHTarget, path: String, maxEntries: Int) async throws -> RemoteDirectoryListing {
        let arguments = try self.arguments(for: target)
        try await connect(arguments, deadline: nil, timeout: nil)
        let limit = fileOperationTimeout
        return try await Self.onThreadThrowing {
            try SFTPSession(arguments: arguments, deadline: .now + limit, limit: limit)
                .listDirectory(path: path, maxEntries: max(0, maxEntries))
        }
    }

    /// Ends the target's master: its configuration changed or was removed.
    public func close(_ target: SSHTarget) async {
        guard let arguments = try? arguments(for: target) else { return }
        forget(target)
        used.withLock { _ = $0.remove(target) }
        await Self.onThread { ControlMaster.stop(arguments) }
    }

    /// Leaves the masters running: ControlPersist ends them after `persist` without a session,
    /// and until then the next process of ours (another CLI call) reuses them.
    public func closeAll() async {
        ready.withLock { $0.removeAll() }
    }

    /// Ends every master this transport used (tests, and a server that shuts down for good).
    public func stopMasters() async {
        let all = used.withLock { all in
            defer { all.removeAll() }
            return all
        }
        ready.withLock { $0.removeAll() }
        for target in all {
            if let arguments = try? arguments(for: target) { await Self.onThread { ControlMaster.stop(arguments) } }
        }
    }

    public func transportInUse(for target: SSHTarget) async -> String? { "openssh" }

    // MARK: -

    func arguments(for target: SSHTarget) throws(SSHError) -> SSHArguments {
        SSHArguments(target: target, directory: try ControlDirectory.prepare(environment: environment))
    }

    /// Makes sure the target's master runs; a deadline that passes meanwhile means nothing ran.
    private func connect(_ arguments: SSHArguments, deadline: ContinuousClock.Instant?, timeout: Duration?) async throws {
        let target = arguments.target
        if ready.withLock({ $0.contains(target) }) { return }
        try Task.checkCancellation()
        if case .disabled = target.hostKeyVerification, warned.withLock({ $0.insert(target).inserted }) {
            warningHandler(
                "WARNING: host key verification is disabled for \(arguments.destination) (verify_host_key: false); "
                    + "connecting to whoever answers. Enable verification as soon as you can.")
        }
        let persist = self.persist
        let environment = self.environment
        used.withLock { _ = $0.insert(target) }
        try await Self.onThreadThrowing { try ControlMaster.ensure(arguments, persist: persist, environment: environment) }
        if let deadline, ContinuousClock.now >= deadline {
            throw SSHError.notRunTimedOut(
                host: arguments.destination, seconds: timeout?.secondsDouble ?? 0,
                reason: "connecting (ssh's handshake and authentication) took longer")
        }
        try Task.checkCancellation()
        ready.withLock { _ = $0.insert(target) }
    }

    private func forget(_ target: SSHTarget) {
        ready.withLock { _ = $0.remove(target) }
    }

    /// Blocking work (a child process, its pipes) on a thread of its own, not the cooperative pool.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    static func onThreadThrowing<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await onThread { Result { try body() } }.get()
    }
}
