// The one place that owns a LIBSSH2_SESSION: init once, create, configure, free, and turn
// libssh2's return codes into Swift values. A `LibSSH2Session` lives on exactly one
// connection thread (libssh2 sessions are not thread-safe) and never crosses threads.
import CLibSSH2
import Foundation
import Synchronization

enum LibSSH2 {
    private static let initialized = Mutex(false)

    /// libssh2_init is not thread-safe; call it once per process, before any session.
    static func initializeOnce() {
        initialized.withLock { done in
            if !done {
                _ = libssh2_init(0)
                done = true
            }
        }
    }
}

/// What a non-blocking libssh2 call told us.
enum CallOutcome: Equatable {
    case done
    /// Try again when the socket is ready (EAGAIN, or another channel's packet half-sent).
    case wouldBlock
    case failed(code: Int32, message: String)
}

/// Counts bytes libssh2 reads from the socket. The event loop only sleeps in poll after a
/// full pass over its operations made no progress AND read nothing: bytes read during a pass
/// may be packets for an operation that was already visited, now waiting in libssh2's queue
/// where poll cannot see them.
final class ReceiveCounter {
    var bytes = 0
}

private let countingReceive:
    @convention(c) (
        libssh2_socket_t, UnsafeMutableRawPointer?, Int, Int32,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Int = { socket, buffer, length, flags, abstract in
        let received = recv(socket, buffer, length, flags)
        if received < 0 { return -Int(errno) } // libssh2 expects -errno from this callback
        if received > 0, let opaque = abstract?.pointee {
            Unmanaged<ReceiveCounter>.fromOpaque(opaque).takeUnretainedValue().bytes += received
        }
        return received
    }

final class LibSSH2Session {
    let raw: OpaquePointer
    let socket: Int32
    let received = ReceiveCounter()

    /// Takes ownership of `socket` (closed in `close()`).
    init?(socket: Int32) {
        LibSSH2.initializeOnce()
        let counter = Unmanaged.passUnretained(received).toOpaque()
        guard let session = libssh2_session_init_ex(nil, nil, nil, counter) else { return nil }
        raw = session
        self.socket = socket
        libssh2_session_callback_set(
            session, LIBSSH2_CALLBACK_RECV,
            unsafeBitCast(countingReceive, to: UnsafeMutableRawPointer.self))
        libssh2_session_set_blocking(session, 0)
    }

    private var closed = false

    /// Sends an OpenSSH keepalive (a global request that wants a reply) now: the reply is what
    /// proves the server still answers. Non-blocking; a keepalive that cannot be sent at once is
    /// simply tried again at the next interval.
    func sendKeepalive() -> CallOutcome {
        // Not while another packet is half-sent: libssh2 would refuse it, and a keepalive that
        // itself ends up half-sent blocks every other packet until it is completed with the same
        // buffer (libssh2's rule for partial sends), which only a later keepalive call could do.
        if pendingSendBlocks { return .wouldBlock }
        // libssh2 sends only when its interval (at least 2 s) has passed since its last
        // keepalive; the event loop calls far less often, so each call sends.
        libssh2_keepalive_config(raw, 1, 1)
        var secondsToNext: Int32 = 0
        return outcome(libssh2_keepalive_send(raw, &secondsToNext))
    }

    /// Best effort: say goodbye if the socket still works, then free everything.
    func close(reason: String = "closed by client") {
        guard !closed else { return }
        closed = true
        // Non-blocking: if the goodbye cannot be sent now, it is simply dropped.
        _ = libssh2_session_disconnect_ex(raw, SSH_DISCONNECT_BY_APPLICATION, reason, "")
        libssh2_session_free(raw)
        Glibc.close(socket)
    }

    deinit { close() }

    var lastError: (code: Int32, message: String) {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(raw, &message, &length, 0)
        return (code, message.map { String(cString: $0) } ?? "")
    }

    /// Maps an int-returning libssh2 call.
    func outcome(_ rc: Int32) -> CallOutcome {
        if rc >= 0 { return .done }
        if rc == LIBSSH2_ERROR_EAGAIN || rc == LIBSSH2_ERROR_BAD_USE && pendingSendBlocks { return .wouldBlock }
        let error = lastError
        return .failed(code: rc, message: error.message.isEmpty ? "libssh2 error \(rc)" : error.message)
    }

    /// libssh2 refuses (BAD_USE) to send a new packet while another one is half-sent; that is
    /// a wait, not a failure. Approximated by "libssh2 is waiting to write".
    private var pendingSendBlocks: Bool {
        libssh2_session_block_directions(raw) & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0
    }

    /// For calls that return a pointer: nil plus EAGAIN means "again later".
    func outcomeOfNil() -> CallOutcome {
        let rc = libssh2_session_last_errno(raw)
        if rc == LIBSSH2_ERROR_EAGAIN { return .wouldBlock }
        return outcome(rc == 0 ? LIBSSH2_ERROR_SOCKET_NONE : rc)
    }

    /// The poll(2) events libssh2 is waiting for.
    var pollEvents: Int16 {
        let directions = libssh2_session_block_directions(raw)
        var events: Int32 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= POLLIN }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= POLLOUT }
        return Int16(events)
    }

    /// For the connect phase only (handshake, auth), where nothing else shares the thread:
    /// repeat `call` until it stops asking to wait, sleeping in poll on the socket.
    func untilDone(deadline: ContinuousClock.Instant, _ call: () -> Int32) -> CallOutcome {
        while true {
            let result = outcome(call())
            guard result == .wouldBlock else { return result }
            guard waitForSocket(deadline: deadline) else {
                return .failed(code: LIBSSH2_ERROR_TIMEOUT, message: "timed out")
            }
        }
    }

    /// Like `untilDone` for calls returning a pointer.
    func untilNonNil<T>(deadline: ContinuousClock.Instant, _ call: () -> T?) -> Result<T, SessionCallFailure> {
        while true {
            if let value = call() { return .success(value) }
            switch outcomeOfNil() {
            case .done, .wouldBlock:
                guard waitForSocket(deadline: deadline) else {
                    return .failure(SessionCallFailure(code: LIBSSH2_ERROR_TIMEOUT, message: "timed out"))
                }
            case .failed(let code, let message):
                return .failure(SessionCallFailure(code: code, message: message))
            }
        }
    }

    private func waitForSocket(deadline: ContinuousClock.Instant) -> Bool {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return false }
        var descriptor = pollfd(fd: socket, events: pollEvents == 0 ? Int16(POLLIN) : pollEvents, revents: 0)
        _ = poll(&descriptor, 1, Int32(clamping: remaining.milliseconds + 1))
        return true
    }
}

struct SessionCallFailure: Error {
    var code: Int32
    var message: String
}

/// libssh2 codes after which the session is unusable (the connection is dead or garbled).
func isConnectionFatal(_ code: Int32) -> Bool {
    [
        LIBSSH2_ERROR_SOCKET_NONE, LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_RECV,
        LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_TIMEOUT, LIBSSH2_ERROR_BAD_SOCKET,
        LIBSSH2_ERROR_DECRYPT, LIBSSH2_ERROR_ENCRYPT, LIBSSH2_ERROR_INVALID_MAC, LIBSSH2_ERROR_PROTO,
        LIBSSH2_ERROR_KEX_FAILURE, LIBSSH2_ERROR_KEY_EXCHANGE_FAILURE, LIBSSH2_ERROR_TIMEOUT,
        LIBSSH2_ERROR_ALLOC,
    ].contains(code)
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
    var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
