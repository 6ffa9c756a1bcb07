// Opening the TCP connection: getaddrinfo (names, IPv4, IPv6), a non-blocking connect to each
// address in turn within the connect timeout, TCP_NODELAY (SSH sends many small packets).
import Foundation

/// An errno value as an Error.
struct Errno: Error {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}

enum TCPConnect {
    /// Returns a connected, non-blocking socket, or the error to report.
    static func open(host: String, port: Int, timeout: Duration) -> Result<Int32, SSHError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(.hostNotFound(host: host, reason: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }

        let deadline = ContinuousClock.now.advanced(by: timeout)
        var lastError: SSHError = .connectTimedOut(host: host, port: port, seconds: timeout.secondsDouble)
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            switch attempt(address.pointee, deadline: deadline) {
            case .success(let socket): return .success(socket)
            case .failure(let failure):
                let error = failure.code
                lastError =
                    error == ECONNREFUSED
                    ? .connectionRefused(host: host, port: port)
                    : error == ETIMEDOUT
                        ? .connectTimedOut(host: host, port: port, seconds: timeout.secondsDouble)
                        : .connectFailed(host: host, port: port, reason: String(cString: strerror(error)))
            }
        }
        return .failure(lastError)
    }

    private static func attempt(_ address: addrinfo, deadline: ContinuousClock.Instant) -> Result<Int32, Errno> {
        let socket = Glibc.socket(
            address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
            address.ai_protocol)
        guard socket >= 0 else { return .failure(Errno(errno)) }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)

        if connect(socket, address.ai_addr, address.ai_addrlen) == 0 { return .success(socket) }
        guard errno == EINPROGRESS else {
            let error = errno
            close(socket)
            return .failure(Errno(error))
        }
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else {
                close(socket)
                return .failure(Errno(ETIMEDOUT))
            }
            var descriptor = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&descriptor, 1, Int32(clamping: remaining.milliseconds + 1))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length)
            if error == 0 { return .success(socket) }
            close(socket)
            return .failure(Errno(error))
        }
    }
}
