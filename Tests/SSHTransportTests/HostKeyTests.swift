// Host-key verification: unknown host, changed key, hashed entries, verification disabled.
import Foundation
import SSHTransport
import SandboxSSHD
import Synchronization
import XCTest

final class HostKeyTests: XCTestCase {
    func testUnknownHostIsRefusedWithFingerprintAndTrustCommand() async throws {
        let sandbox = try await Fixture.sandbox()
        let directory = try Fixture.temporaryDirectory()
        let emptyKnownHosts = directory + "/known_hosts"
        FileManager.default.createFile(atPath: emptyKnownHosts, contents: Data())
        var target = Fixture.ecdsaTarget(sandbox)
        target.hostKeyVerification = .knownHosts(files: [emptyKnownHosts])

        let error = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .unknownHostKey(_, let port, _, let fingerprint, _) = $0 {
                return port == sandbox.port && fingerprint == sandbox.hostKeyFingerprint
            }
            return false
        }
        let message = error?.description ?? ""
        XCTAssertTrue(message.contains(sandbox.hostKeyFingerprint))
        XCTAssertTrue(message.contains("ssh-keyscan -p \(sandbox.port)"), message)
    }

    func testChangedHostKeyIsRefusedWithBothFingerprints() async throws {
        let sandbox = try await Fixture.sandbox()
        let directory = try Fixture.temporaryDirectory()
        try Fixture.shell("ssh-keygen -q -t ed25519 -N '' -f \(directory)/other")
        let otherKey = try String(contentsOfFile: directory + "/other.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let knownHosts = directory + "/known_hosts"
        try "[127.0.0.1]:\(sandbox.port) \(otherKey)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let expected = try Fixture.shell("ssh-keygen -lf \(directory)/other.pub | cut -d' ' -f2").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var target = Fixture.ecdsaTarget(sandbox)
        target.hostKeyVerification = .knownHosts(files: [knownHosts])

        let error = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .hostKeyChanged(_, _, _, let expectedPrint, let presented, _, let entryFile) = $0 {
                return expectedPrint == expected && presented == sandbox.hostKeyFingerprint && entryFile == knownHosts
            }
            return false
        }

        // Issue 19, item 5: the printed `ssh-keygen -R` must edit the configured file (it needs
        // `-f FILE`; without it, it edits ~/.ssh/known_hosts and the stale entry stays).
        let message = error?.description ?? ""
        let removal = try XCTUnwrap(message.components(separatedBy: "`").first { $0.hasPrefix("ssh-keygen -R ") }, message)
        XCTAssertTrue(removal.contains("-f \(knownHosts)"), removal)
        XCTAssertEqual(try Fixture.shell(removal).status, 0, removal)
        XCTAssertFalse(try String(contentsOfFile: knownHosts, encoding: .utf8).contains(otherKey), "the stale entry is gone")
        let unknown = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .unknownHostKey = $0 { return true }
            return false
        }
        XCTAssertNotNil(unknown, "after the removal the host is unknown, ready to be trusted")
    }

    func testHashedKnownHostsEntryIsAccepted() async throws {
        let sandbox = try await Fixture.sandbox()
        let directory = try Fixture.temporaryDirectory()
        let knownHosts = directory + "/known_hosts"
        try FileManager.default.copyItem(atPath: sandbox.knownHostsPath, toPath: knownHosts)
        try Fixture.shell("ssh-keygen -H -f \(knownHosts) >/dev/null 2>&1")
        XCTAssertTrue(try String(contentsOfFile: knownHosts, encoding: .utf8).hasPrefix("|1|"))
        var target = Fixture.ecdsaTarget(sandbox)
        target.hostKeyVerification = .knownHosts(files: [knownHosts])
        let result = try await SSHConnectionPool().exec(target, ExecRequest(command: "true"))
        XCTAssertEqual(result.exitStatus, 0)
    }

    func testDisabledVerificationConnectsAndWarnsOnEveryConnect() async throws {
        let sandbox = try await Fixture.sandbox()
        let warnings = Mutex<[String]>([])
        let pool = SSHConnectionPool(warningHandler: { message in warnings.withLock { $0.append(message) } })
        var target = Fixture.ecdsaTarget(sandbox)
        target.hostKeyVerification = .disabled
        _ = try await pool.exec(target, ExecRequest(command: "true"))
        await pool.closeAll()
        _ = try await pool.exec(target, ExecRequest(command: "true"))
        let seen = warnings.withLock { $0 }
        XCTAssertEqual(seen.count, 2)
        XCTAssertTrue(seen.allSatisfy { $0.contains("verification is disabled") && $0.contains(sandbox.hostKeyFingerprint) })
    }
}
