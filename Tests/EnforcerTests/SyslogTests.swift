import AgentContracts
import EnforcerCore
import Foundation
import XCTest

/// Records reach syslog with facility authpriv and tag `ssh-for-agents`: the test listens on
/// /dev/log itself (only where no syslog daemon does), as journald or rsyslog would.
final class SyslogTests: XCTestCase {
    func testDecisionsGoToSyslogAsAuthprivTaggedRecords() async throws {
        guard geteuid() == 0 else { throw XCTSkip("needs root to listen on /dev/log") }
        guard !FileManager.default.fileExists(atPath: "/dev/log") else { throw XCTSkip("a syslog daemon owns /dev/log here") }
        let listener = try DatagramListener(path: "/dev/log")
        defer { listener.close() }
        let server = try await EnforcedServer.start()
        try server.writePolicyText(#"{"mode": "guarded", "audit": {"file": "\#(server.auditPath)", "syslog": true}}"#)
        XCTAssertEqual(try server.ssh("echo hi").stdout, "hi\n")
        let messages = listener.receiveAll(for: 2)
        let authprivInfo = (10 << 3) | 6 // LOG_AUTHPRIV | LOG_INFO
        let decision = messages.first { $0.contains(#""event":"decision""#) && $0.contains(#""command":"echo hi""#) }
        XCTAssertNotNil(decision, "\(messages)")
        XCTAssertTrue(decision?.hasPrefix("<\(authprivInfo)>") == true, decision ?? "")
        XCTAssertTrue(decision?.contains("ssh-for-agents[") == true, decision ?? "")
        XCTAssertNotNil(decision.flatMap { AuditRecord(line: $0) })
        XCTAssertTrue(messages.contains { $0.contains(#""event":"end""#) }, "\(messages)")
    }
}

/// A unix datagram socket bound at a path, readable by everyone, like syslog's.
final class DatagramListener {
    private let fd: Int32
    private let path: String

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw POSIXError(.EADDRINUSE) }
        chmod(path, 0o666)
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func receiveAll(for seconds: Double) -> [String] {
        var messages: [String] = []
        let end = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < end {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { messages.append(String(decoding: buffer[0..<count], as: UTF8.self)) }
        }
        return messages
    }

    func close() {
        Glibc.close(fd)
        unlink(path)
    }
}
