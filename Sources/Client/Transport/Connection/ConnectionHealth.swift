// Telling a slow server from a gone one. While work is in flight the loop sends an OpenSSH
// keepalive (a request the server must answer) whenever it has heard nothing for a while; a
// server that stays silent past the stall limit — a sleeping laptop, a dropped Wi-Fi, a stopped
// sshd — gets its connection declared broken, so waiting calls fail clearly and the next call
// reconnects instead of queueing behind a dead session forever.

/// How long a connection may stay silent. Public so tests and embedders can shorten it.
public struct ConnectionHealthPolicy: Sendable, Equatable {
    /// Silence after which a keepalive is sent (while work is in flight).
    public var keepaliveInterval: Duration
    /// Silence (despite keepalives) after which the connection is declared broken.
    public var stallLimit: Duration

    public init(keepaliveInterval: Duration = .seconds(5), stallLimit: Duration = .seconds(15)) {
        self.keepaliveInterval = keepaliveInterval
        self.stallLimit = max(stallLimit, keepaliveInterval)
    }

    public static let standard = ConnectionHealthPolicy()
}

/// One connection's view of the server's liveness; lives on the connection thread.
struct HealthMonitor {
    let policy: ConnectionHealthPolicy
    private var lastHeard = ContinuousClock.now
    private var lastKeepalive: ContinuousClock.Instant?
    private var receivedBytes = 0
    private var busy = false

    init(policy: ConnectionHealthPolicy) {
        self.policy = policy
    }

    /// Called after every round of work: bytes received so far, and whether work is in flight.
    /// Silence only counts while busy: an idle connection owes us nothing.
    mutating func observe(receivedBytes bytes: Int, busy nowBusy: Bool, now: ContinuousClock.Instant = .now) {
        if bytes != receivedBytes || (nowBusy && !busy) {
            receivedBytes = bytes
            lastHeard = now
        }
        busy = nowBusy
    }

    /// True when a keepalive is due now (busy, and silent for an interval since the last one).
    func keepaliveDue(now: ContinuousClock.Instant = .now) -> Bool {
        busy && now - lastActivity >= policy.keepaliveInterval
    }

    mutating func keepaliveSent(now: ContinuousClock.Instant = .now) {
        lastKeepalive = now
    }

    /// Seconds of silence when the server is overdue; nil while it is healthy or we are idle.
    func stalledFor(now: ContinuousClock.Instant = .now) -> Int? {
        guard busy else { return nil }
        let silence = now - lastHeard
        return silence >= policy.stallLimit ? Int(silence.components.seconds) : nil
    }

    /// When the loop must wake to send a keepalive or declare a stall (nil when idle).
    var nextCheck: ContinuousClock.Instant? {
        guard busy else { return nil }
        return min(lastActivity + policy.keepaliveInterval, lastHeard + policy.stallLimit)
    }

    /// The later of the last byte heard and the last keepalive sent.
    private var lastActivity: ContinuousClock.Instant {
        max(lastHeard, lastKeepalive ?? lastHeard)
    }
}
