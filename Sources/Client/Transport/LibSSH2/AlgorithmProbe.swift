// When the handshake fails, libssh2 1.10 only says "unable to exchange encryption keys".
// To name what the server offered, read the server's (unencrypted) KEXINIT over a fresh
// plain TCP connection and compare each list with what this libssh2 supports.
import CLibSSH2
import Foundation

enum AlgorithmProbe {
    /// The first algorithm kind for which server and client share nothing, if any.
    static func findMismatch(target: SSHTarget, session: LibSSH2Session) -> SSHError? {
        guard let offered = serverKexInit(target: target) else { return nil }
        let kinds: [(String, Int32, Int)] = [
            ("key exchange", LIBSSH2_METHOD_KEX, 0), ("host key type", LIBSSH2_METHOD_HOSTKEY, 1),
            ("cipher", LIBSSH2_METHOD_CRYPT_CS, 2), ("cipher", LIBSSH2_METHOD_CRYPT_SC, 3),
            ("MAC", LIBSSH2_METHOD_MAC_CS, 4), ("MAC", LIBSSH2_METHOD_MAC_SC, 5),
        ]
        for (name, method, index) in kinds where index < offered.count {
            let supported = supportedAlgorithms(session, method)
            guard !supported.isEmpty else { continue }
            if Set(supported).isDisjoint(with: offered[index]) {
                return .noCommonAlgorithm(
                    host: target.hostname, kind: name, serverOffers: offered[index],
                    clientSupports: supported)
            }
        }
        return nil
    }

    private static func supportedAlgorithms(_ session: LibSSH2Session, _ method: Int32) -> [String] {
        var list: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        let count = libssh2_session_supported_algs(session.raw, method, &list)
        guard count > 0, let list else { return [] }
        defer { libssh2_free(session.raw, list) }
        return (0..<Int(count)).compactMap { list[$0].map { String(cString: $0) } }
    }

    /// The ten name-lists of the server's KEXINIT, or nil if anything goes wrong.
    private static func serverKexInit(target: SSHTarget) -> [[String]]? {
        guard
            case .success(let socket) = TCPConnect.open(
                host: target.hostname, port: target.port,
                timeout: target.connectTimeout)
        else { return nil }
        defer { close(socket) }
        let deadline = ContinuousClock.now.advanced(by: target.connectTimeout)
        var buffer: [UInt8] = []
        let banner = Array("SSH-2.0-ssh_for_agents_probe\r\n".utf8)
        _ = banner.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }

        // Skip the server's banner line(s), then read one binary packet.
        while true {
            guard let newline = buffer.firstIndex(of: 10) else {
                guard read(socket, into: &buffer, deadline: deadline) else { return nil }
                continue
            }
            let line = buffer[..<newline]
            buffer.removeSubrange(...newline)
            if line.starts(with: Array("SSH-".utf8)) { break }
        }
        while buffer.count < 5 { guard read(socket, into: &buffer, deadline: deadline) else { return nil } }
        let length = Int(buffer.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard length < 65536 else { return nil }
        while buffer.count < 4 + length { guard read(socket, into: &buffer, deadline: deadline) else { return nil } }
        let padding = Int(buffer[4])
        var reader = SSHWire.Reader(bytes: buffer[5..<(4 + length - padding)])
        guard reader.skip(1 + 16) else { return nil } // message number 20, cookie
        var lists: [[String]] = []
        for _ in 0..<10 {
            guard let list = reader.string() else { return nil }
            lists.append(String(decoding: list, as: UTF8.self).split(separator: ",").map(String.init))
        }
        return lists
    }

    private static func read(_ socket: Int32, into buffer: inout [UInt8], deadline: ContinuousClock.Instant) -> Bool {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(clamping: remaining.milliseconds + 1)) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }
}
