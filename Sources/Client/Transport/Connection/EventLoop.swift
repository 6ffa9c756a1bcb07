// The poll loop of one connection thread. libssh2 runs non-blocking; every operation is a
// small state machine advanced in passes. Between passes the thread sleeps in poll(2) on the
// SSH socket (in the directions libssh2 is waiting for) and the wake eventfd, until the
// nearest operation deadline. Reading both stdout and stderr of every channel in every pass
// is what avoids the blocking-mode deadlock on big stderr output.
import Foundation

final class EventLoop {
    let connection: Connection
    let session: LibSSH2Session
    var host: String { connection.target.hostname }

    private var operations: [any LoopOperation] = []
    private var added: [any LoopOperation] = []
    /// Channels that could not be freed without blocking yet.
    private var pendingFrees: [LibSSH2Channel] = []
    /// Why the session is unusable, once it is.
    private var brokenError: SSHError?
    private var idleSince = ContinuousClock.now
    private var health: HealthMonitor

    /// libssh2 keeps one "channel open in progress" state per session (also used by
    /// sftp_init): only one operation may be opening a channel at a time.
    private var openGateOwner: ObjectIdentifier?
    /// libssh2 1.10 lets only one channel request wait for its reply per session: a waiter that
    /// reads the reply to another channel's request takes it for its own, finds no match and
    /// fails with -1, "Failed waiting for channel success" (libssh2 issue #671). It happened
    /// under CPU load, when one exec's reply arrived before the next exec's wait began. Exec
    /// starts and sftp_init (its subsystem request) therefore take turns.
    private var requestGateOwner: ObjectIdentifier?
    /// Channels currently open on this session.
    private(set) var openChannels = 0
    /// Bumped whenever a channel closes, so operations waiting for a session slot retry.
    private(set) var slotGeneration = 0

    /// One read buffer shared by all operations (they run one at a time on this thread).
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)

    init(connection: Connection, session: LibSSH2Session) {
        self.connection = connection
        self.session = session
        health = HealthMonitor(policy: connection.health)
    }

    deinit { readBuffer.deallocate() }

    func add(_ operation: any LoopOperation) { added.append(operation) }

    /// An operation saw an error after which the session is unusable.
    func markBroken(_ reason: String) {
        if brokenError == nil { brokenError = .connectionLost(host: host, reason: reason) }
    }

    /// An operation found the session unusable without a libssh2 error: it would have had to
    /// abandon a half-done request that libssh2 cannot abandon (one channel open per session).
    func markBroken(_ error: SSHError) {
        if brokenError == nil { brokenError = error }
    }

    var isBroken: Bool { brokenError != nil }

    func run() {
        while true {
            guard let incoming = connection.takeInbox() else {
                finish(.closed, error: .poolClosed, mayRetry: true)
                return
            }
            operations += incoming

            let quiet = runPasses()
            checkHealth()
            if let error = brokenError {
                finish(.broken(error), error: error, mayRetry: true)
                return
            }
            if operations.isEmpty, ContinuousClock.now - idleSince >= connection.idleTimeout,
                pendingFrees.isEmpty, connection.closeIfIdle()
            {
                return
            }
            // Not quiet: the passes were cut short with work left (a flood); take new work and
            // go straight on, without sleeping.
            if quiet { waitForActivity() } else { connection.drainWakeups() }
            if let error = brokenError {
                finish(.broken(error), error: error, mayRetry: true)
                return
            }
        }
    }

    /// Keepalives while work waits on the server; a server silent past the stall limit breaks
    /// the connection (its operations fail with `connectionStalled`, unsent ones are retried).
    private func checkHealth() {
        guard brokenError == nil else { return }
        health.observe(receivedBytes: session.received.bytes, busy: !operations.isEmpty)
        if let silent = health.stalledFor() {
            markBroken(.connectionStalled(host: host, silentSeconds: silent, commandStarted: false))
            return
        }
        if health.keepaliveDue() {
            health.keepaliveSent()
            if case .failed(let code, let message) = session.sendKeepalive(), isConnectionFatal(code) { markBroken(message) }
        }
    }

    /// Repeat passes until one neither progressed nor read any byte from the socket (true), or
    /// until a time slice is used up (false), so that under a flood new work is still taken from
    /// the inbox and the connection's health is still checked.
    private func runPasses() -> Bool {
        let sliceEnd = ContinuousClock.now + .milliseconds(50)
        var again = true
        while again && brokenError == nil {
            if ContinuousClock.now >= sliceEnd { return false }
            let receivedBefore = session.received.bytes
            var progressed = false
            var index = 0
            while index < operations.count && brokenError == nil {
                switch operations[index].advance(self) {
                case .progressed:
                    progressed = true
                    index += 1
                case .waiting:
                    index += 1
                case .finished:
                    operations.remove(at: index)
                    progressed = true
                    if operations.isEmpty { idleSince = .now }
                }
            }
            if !added.isEmpty {
                operations += added
                added.removeAll()
                progressed = true
            }
            pendingFrees.removeAll { $0.free() }
            again = progressed || session.received.bytes != receivedBefore
        }
        return true
    }

    private func waitForActivity() {
        let now = ContinuousClock.now
        var deadline: ContinuousClock.Instant? = operations.compactMap(\.wakeAt).min()
        if operations.isEmpty { deadline = idleSince + connection.idleTimeout }
        if !pendingFrees.isEmpty { deadline = min(deadline ?? now + .milliseconds(50), now + .milliseconds(50)) }
        if let check = health.nextCheck { deadline = min(deadline ?? check, check) }
        let timeout = deadline.map { Int32(clamping: max(0, now.duration(to: $0).milliseconds + 1)) } ?? -1

        // Idle: only watch for the peer hanging up, so a dead connection is noticed before the
        // next call (stray server packets stay unread until then, without spinning).
        let socketEvents: Int16 =
            operations.isEmpty
            ? pollReadHangUp
            : (session.pollEvents == 0 ? Int16(POLLIN) : session.pollEvents)
        var descriptors = [
            pollfd(fd: session.socket, events: socketEvents, revents: 0),
            pollfd(fd: connection.wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&descriptors, 2, timeout)
        if ready > 0 && descriptors[1].revents != 0 { connection.drainWakeups() }
        let hangup = pollReadHangUp | Int16(POLLHUP | POLLERR)
        if ready > 0 && operations.isEmpty && descriptors[0].revents & hangup != 0 {
            markBroken("the server closed the connection")
        }
    }

    private func finish(_ state: ConnectionState, error: SSHError, mayRetry: Bool) {
        let unstarted = connection.finish(state)
        for operation in operations + added { operation.abandon(error, mayRetry: mayRetry) }
        for operation in unstarted { operation.abandon(error, mayRetry: true) }
        operations.removeAll()
        added.removeAll()
        pendingFrees.removeAll() // freed together with the session
    }

    // MARK: - Channels

    enum Opening<Opened> {
        case opened(Opened)
        case wait
        /// The server refused for lack of a session slot (MaxSessions); retry when one frees.
        case noSlot
        case failed(SSHError)
    }

    /// Open a "session" channel. Serialised by the open gate.
    func openChannel(for owner: AnyObject) -> Opening<LibSSH2Channel> {
        open(for: owner, sftp: false) { LibSSH2Channel.open(on: $0) }
    }

    /// Start an SFTP subsystem on a new channel. Serialised by the open gate.
    func openSFTP(for owner: AnyObject) -> Opening<LibSSH2SFTP> {
        open(for: owner, sftp: true) { LibSSH2SFTP.start(on: $0) }
    }

    private func open<Opened>(for owner: AnyObject, sftp: Bool, _ attempt: (LibSSH2Session) -> Opened?) -> Opening<Opened> {
        let id = ObjectIdentifier(owner)
        if let holder = openGateOwner, holder != id { return .wait }
        // sftp_init sends a channel request too: it needs both gates, taken together, so it
        // never holds one while waiting for the other.
        if sftp, let holder = requestGateOwner, holder != id { return .wait }
        openGateOwner = id
        if sftp { requestGateOwner = id }
        if let opened = attempt(session) {
            releaseOpenGates(id)
            openChannels += 1
            return .opened(opened)
        }
        switch session.outcomeOfNil() {
        case .wouldBlock, .done:
            return .wait
        case .failed(let code, let message):
            releaseOpenGates(id)
            if isConnectionFatal(code) {
                markBroken(message)
                return .wait
            }
            // OpenSSH refuses a session over MaxSessions with reason "connect failed" (other
            // servers say "administratively prohibited"); sftp_init replaces either reason
            // with "Unable to startup channel".
            if message.contains("prohibited") || message.contains("connect failed")
                || (sftp && message.contains("startup channel"))
            {
                return .noSlot
            }
            if sftp { return .failed(.sftpFailed(path: "", reason: message)) }
            return .failed(.channelFailed(host: host, reason: message))
        }
    }

    private func releaseOpenGates(_ id: ObjectIdentifier) {
        openGateOwner = nil
        if requestGateOwner == id { requestGateOwner = nil }
    }

    /// True when `owner` may send its channel request now; it then holds the request gate
    /// until `endChannelRequest`.
    func beginChannelRequest(for owner: AnyObject) -> Bool {
        let id = ObjectIdentifier(owner)
        if let holder = requestGateOwner { return holder == id }
        requestGateOwner = id
        return true
    }

    /// The reply to `owner`'s channel request was read (or the request failed).
    func endChannelRequest(for owner: AnyObject) {
        if requestGateOwner == ObjectIdentifier(owner) { requestGateOwner = nil }
    }

    /// True while `owner` holds the open gate: libssh2 is midway through opening its channel.
    func isOpening(for owner: AnyObject) -> Bool {
        openGateOwner == ObjectIdentifier(owner)
    }

    /// Free a closed channel (later, if libssh2 cannot do it without blocking).
    func release(channel: LibSSH2Channel) {
        if !channel.free() { pendingFrees.append(channel) }
        channelClosed()
    }

    func channelClosed() {
        openChannels -= 1
        slotGeneration += 1
    }

    /// Classify a libssh2 result for an operation: fatal errors break the connection.
    func check(_ rc: Int32) -> CallOutcome {
        let outcome = session.outcome(rc)
        if case .failed(let code, let message) = outcome, isConnectionFatal(code) { markBroken(message) }
        return outcome
    }
}

/// Linux POLLRDHUP (peer shut down its side); Glibc only exports it with _GNU_SOURCE.
private let pollReadHangUp: Int16 = 0x2000

/// Waiting for a session slot after the server said "administratively prohibited".
struct SlotWait {
    var generation: Int
    var retryAt: ContinuousClock.Instant
    var attempts = 0

    init(loop: EventLoop) {
        generation = loop.slotGeneration
        retryAt = .now + .milliseconds(100)
    }

    func shouldRetry(_ loop: EventLoop) -> Bool {
        loop.slotGeneration != generation || ContinuousClock.now >= retryAt
    }

    /// The wait after the server refused another channel; nil when waiting cannot help, because
    /// none of our channels is open to free a slot and many attempts have failed.
    static func after(_ previous: SlotWait?, on loop: EventLoop) -> SlotWait? {
        var next = SlotWait(loop: loop)
        next.attempts = (previous?.attempts ?? 0) + 1
        return loop.openChannels == 0 && next.attempts > 50 ? nil : next
    }
}
