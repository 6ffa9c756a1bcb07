// OpenSSH's multiplexing protocol (PROTOCOL.mux, version 4), spoken to the ControlMaster's
// socket directly instead of starting `ssh -S` per call. Three reasons: the command and its
// approval never appear in a local argv (where `ps` shows them to every local user, and where
// the cancel script's `pgrep` would find our own client when the host is this machine), a
// warm call costs no process start, and the master's exit message is the remote status itself,
// so a remote 255 can never be mistaken for ssh's own failure.
import CSpawn
import Foundation
import RemoteAccess

final class MuxClient {
    private enum Message: UInt32 {
        case hello = 0x0000_0001
        case newSession = 0x1000_0002
        case aliveCheck = 0x1000_0004
        case permissionDenied = 0x8000_0002
        case failure = 0x8000_0003
        case exitMessage = 0x8000_0004
        case alive = 0x8000_0005
        case sessionOpened = 0x8000_0006
        case ttyAllocFail = 0x8000_0008
    }

    enum Failure: Error {
        /// No master answers on the socket: nothing was sent.
        case noMaster(String)
        /// The master answered but refused or broke the exchange.
        case refused(String)
        /// No answer within the limit: for a session request, the server has not opened the
        /// channel, so the command was not sent.
        case noAnswer
    }

    /// What arrived on the socket after the session opened.
    enum Event {
        case exitStatus(Int32)
        /// The master closed the socket: the session is over (after an exit status, or without
        /// one when the command died of a signal or the connection went away).
        case closed
    }

    let fd: Int32
    private var received: [UInt8] = []
    private var sessionID: UInt32 = 0

    /// Connects and exchanges hellos, within `limit`.
    init(socket path: String, limit: Duration = .seconds(10)) throws(Failure) {
        let fd = cspawn_connect_unix(path)
        guard fd >= 0 else { throw .noMaster(String(cString: strerror(errno))) }
        self.fd = fd
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let deadline = ContinuousClock.now + limit
        var hello = SFTPWire.Writer()
        hello.u32(Message.hello.rawValue)
        hello.u32(4)
        try send(hello.bytes, deadline: deadline)
        var answer = try receive(deadline: deadline)
        guard answer.u32() == Message.hello.rawValue, answer.u32() == 4 else {
            throw .refused("the master speaks another multiplexing version")
        }
    }

    deinit { close(fd) }

    /// The master's pid when it answers an alive check.
    func aliveCheck(limit: Duration = .seconds(5)) -> UInt32? {
        let deadline = ContinuousClock.now + limit
        var request = SFTPWire.Writer()
        request.u32(Message.aliveCheck.rawValue)
        request.u32(1)
        guard (try? send(request.bytes, deadline: deadline)) != nil, var answer = try? receive(deadline: deadline),
            answer.u32() == Message.alive.rawValue, answer.u32() == 1
        else { return nil }
        return answer.u32()
    }

    /// Asks for a session running `command` (or the subsystem of that name) with our descriptors
    /// as its stdin, stdout and stderr; the master keeps duplicates, so the caller closes its own.
    /// The master answers once the server opened the channel and accepted the exec request.
    /// `limit` past the master's own stall verdict (15 s), so a frozen server is reported as that.
    func openSession(command: String, subsystem: Bool, stdin: Int32, stdout: Int32, stderr: Int32, limit: Duration = .seconds(20))
        throws(Failure)
    {
        let deadline = ContinuousClock.now + limit
        var request = SFTPWire.Writer()
        request.u32(Message.newSession.rawValue)
        request.u32(2) // request id
        request.string([]) // reserved
        request.u32(0) // no tty
        request.u32(0) // no X11 forwarding
        request.u32(0) // no agent forwarding
        request.u32(subsystem ? 1 : 0)
        request.u32(0xFFFF_FFFF) // no escape character
        request.string([]) // terminal type
        request.string(Array(command.utf8))
        try send(request.bytes, deadline: deadline)
        for descriptor in [stdin, stdout, stderr] where cspawn_send_fd(fd, descriptor) != 0 {
            throw .refused("cannot pass a descriptor to the master: \(String(cString: strerror(errno)))")
        }
        var answer = try receive(deadline: deadline)
        let type = answer.u32()
        guard answer.u32() == 2 else { throw .refused("the master answered another request") }
        switch type {
        case Message.sessionOpened.rawValue:
            sessionID = answer.u32() ?? 0
        case Message.permissionDenied.rawValue, Message.failure.rawValue:
            throw .refused(answer.string().map { String(decoding: $0, as: UTF8.self) } ?? "the master refused the session")
        default:
            throw .refused("unexpected answer \(type.map { String($0, radix: 16) } ?? "none") from the master")
        }
    }

    /// Reads what the socket has without blocking; the events it completes.
    func poll() -> [Event] {
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                received += buffer[..<count]
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { break }
            events += packets()
            events.append(.closed)
            return events
        }
        return packets()
    }

    // MARK: -

    private func packets() -> [Event] {
        var events: [Event] = []
        while let packet = takePacket() {
            var reader = SFTPWire.Reader(bytes: packet[...])
            switch reader.u32() {
            case Message.exitMessage.rawValue:
                if reader.u32() == sessionID, let status = reader.u32() { events.append(.exitStatus(Int32(bitPattern: status))) }
            default:
                continue // a tty failure cannot happen without a tty; nothing else is sent unasked
            }
        }
        return events
    }

    private func takePacket() -> [UInt8]? {
        guard received.count >= 4 else { return nil }
        let length = Int(received[0]) << 24 | Int(received[1]) << 16 | Int(received[2]) << 8 | Int(received[3])
        guard received.count >= 4 + length else { return nil }
        let packet = Array(received[4..<(4 + length)])
        received.removeFirst(4 + length)
        return packet
    }

    private func send(_ payload: [UInt8], deadline: ContinuousClock.Instant) throws(Failure) {
        var framed = SFTPWire.Writer()
        framed.string(payload)
        var rest = framed.bytes[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                rest = rest.dropFirst(written)
                continue
            }
            guard written < 0, errno == EAGAIN || errno == EINTR, ContinuousClock.now < deadline else {
                throw .noMaster("the master's socket closed: \(String(cString: strerror(errno)))")
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = Glibc.poll(&descriptor, 1, 50)
        }
    }

    private func receive(deadline: ContinuousClock.Instant) throws(Failure) -> SFTPWire.Reader {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let packet = takePacket() { return SFTPWire.Reader(bytes: packet[...]) }
            guard ContinuousClock.now < deadline else { throw .noAnswer }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = Glibc.poll(&descriptor, 1, 50)
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                received += buffer[..<count]
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                throw .noMaster("the master closed its socket")
            }
        }
    }
}
