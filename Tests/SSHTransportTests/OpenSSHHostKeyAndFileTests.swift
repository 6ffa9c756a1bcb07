// Host keys on the OpenSSH transport give the libssh2 transport's errors word for word (both
// fingerprints, the file, the trust command), and SFTP answers as the libssh2 pool does.
import Foundation
import OpenSSHTransport
import SSHTransport
import SandboxSSHD
import XCTest

final class OpenSSHHostKeyAndFileTests: XCTestCase {
    func testUnknownHostKeyIsRefusedAlikeOnBothTransports() async throws {
        let sandbox = try await Fixture.sandbox()
        let directory = try Fixture.temporaryDirectory()
        let empty = directory + "/known_hosts"
        FileManager.default.createFile(atPath: empty, contents: Data())
        var target = OpenSSHFixture.openSSHTarget(sandbox)
        target.hostKeyVerification = .knownHosts(files: [empty])

        let openssh = await assertSSHError({ try await OpenSSHFixture.transport().exec(target, ExecRequest(command: "true")) }) {
            if case .unknownHostKey(_, let port, _, let fingerprint, _) = $0 {
                return port == sandbox.port && fingerprint == sandbox.hostKeyFingerprint
            }
            return false
        }
        let libssh2 = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) { _ in
            true
        }
        XCTAssertEqual(openssh?.description, libssh2?.description)
    }

    func testChangedHostKeyIsRefusedAlikeOnBothTransports() async throws {
        let sandbox = try await Fixture.sandbox()
        let directory = try Fixture.temporaryDirectory()
        try Fixture.shell("ssh-keygen -q -t ed25519 -N '' -f \(directory)/other")
        let otherKey = try String(contentsOfFile: directory + "/other.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let knownHosts = directory + "/known_hosts"
        try "[127.0.0.1]:\(sandbox.port) \(otherKey)\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let expected = try Fixture.shell("ssh-keygen -lf \(directory)/other.pub | cut -d' ' -f2").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var target = OpenSSHFixture.openSSHTarget(sandbox)
        target.hostKeyVerification = .knownHosts(files: [knownHosts])

        let openssh = await assertSSHError({ try await OpenSSHFixture.transport().exec(target, ExecRequest(command: "true")) }) {
            if case .hostKeyChanged(_, _, _, let expectedPrint, let presented, _, let entryFile) = $0 {
                return expectedPrint == expected && presented == sandbox.hostKeyFingerprint && entryFile == knownHosts
            }
            return false
        }
        let libssh2 = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) { _ in
            true
        }
        XCTAssertEqual(openssh?.description, libssh2?.description)
        XCTAssertTrue(openssh?.description.contains("trust") ?? false)
    }

    func testPassphraseKeyThroughAPrivateAgentAndTheSecretStaysOffDisk() async throws {
        let sandbox = try await Fixture.sandbox()
        let environment = try OpenSSHFixture.environment()
        let transport = OpenSSHTransport(environment: environment)
        addTeardownBlock { await transport.stopMasters() }
        var target = Fixture.ed25519Target(sandbox)
        target.transport = .openssh
        let result = try await transport.exec(target, ExecRequest(command: "echo unlocked"))
        XCTAssertEqual(Fixture.text(result.stdout), "unlocked\n")
        let runtime = try XCTUnwrap(environment["XDG_RUNTIME_DIR"])
        let found = try Fixture.shell("grep -rl '\(sandbox.ed25519Passphrase)' \(runtime)").output
        XCTAssertEqual(found, "", "the passphrase was written to \(found)")
        // Nor in the environment of what lives on: the master (ControlPersist) and the agent.
        let secret = Array(sandbox.ed25519Passphrase.utf8)
        var holders: [String] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), pid != getpid(),
                let environ = FileManager.default.contents(atPath: "/proc/\(entry)/environ")
            else { continue }
            let bytes = [UInt8](environ)
            if bytes.count >= secret.count,
                (0...(bytes.count - secret.count)).contains(where: { bytes[$0..<($0 + secret.count)].elementsEqual(secret) })
            {
                holders.append(((try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8)) ?? entry))
            }
        }
        XCTAssertEqual(holders, [], "processes holding the passphrase in their environment")

        setenv("SFA_OPENSSH_WRONG_PASSPHRASE", "not-the-passphrase", 1)
        var wrong = target
        wrong.authentication = .privateKey(
            path: sandbox.ed25519KeyPath, passphraseEnvironmentVariable: "SFA_OPENSSH_WRONG_PASSPHRASE")
        let error = await assertSSHError({ try await transport.exec(wrong, ExecRequest(command: "true")) }) {
            if case .wrongPassphrase(_, "SFA_OPENSSH_WRONG_PASSPHRASE") = $0 { return true }
            return false
        }
        XCTAssertFalse(error?.description.contains("not-the-passphrase") ?? true)

        var none = target
        none.authentication = .privateKey(path: sandbox.ed25519KeyPath, passphraseEnvironmentVariable: nil)
        _ = await assertSSHError({ try await transport.exec(none, ExecRequest(command: "true")) }) {
            if case .passphraseRequired = $0 { return true }
            return false
        }
        var missing = target
        missing.authentication = .privateKey(path: "/nonexistent/sfa-key", passphraseEnvironmentVariable: nil)
        _ = await assertSSHError({ try await transport.exec(missing, ExecRequest(command: "true")) }) {
            if case .privateKeyMissing("/nonexistent/sfa-key") = $0 { return true }
            return false
        }
    }

    func testReadAndListAnswerAsTheLibssh2PoolDoes() async throws {
        let sandbox = try await Fixture.sandbox()
        let transport = try OpenSSHFixture.transport()
        addTeardownBlock { await transport.stopMasters() }
        let target = OpenSSHFixture.openSSHTarget(sandbox)
        let pool = SSHConnectionPool()
        let folder = sandbox.homeDirectory + "/sfa-openssh-sftp-\(UInt32.random(in: 0...UInt32.max))"
        _ = try await transport.exec(
            target,
            ExecRequest(
                command: "mkdir -p \(folder)/sub && printf 0123456789 > \(folder)/a.txt && ln -s a.txt \(folder)/link "
                    + "&& head -c 100000 /dev/zero > \(folder)/big && chmod 640 \(folder)/a.txt"))

        let capped = try await transport.readFile(target, path: folder + "/a.txt", maxBytes: 4)
        XCTAssertEqual(String(decoding: capped.content, as: UTF8.self), "0123")
        XCTAssertEqual(capped.size, 10)
        XCTAssertTrue(capped.truncated)
        let big = try await transport.readFile(target, path: folder + "/big", maxBytes: 1 << 20)
        XCTAssertEqual(big.content.count, 100_000)
        XCTAssertFalse(big.truncated)

        let listing = try await transport.listDirectory(target, path: folder, maxEntries: 100)
        let expected = try await pool.listDirectory(Fixture.ecdsaTarget(sandbox), path: folder, maxEntries: 100)
        XCTAssertEqual(listing.entries.map(\.name), ["a.txt", "big", "link", "sub"])
        XCTAssertEqual(listing.entries.map(\.name), expected.entries.map(\.name))
        XCTAssertEqual(listing.entries.map(\.type), expected.entries.map(\.type))
        XCTAssertEqual(listing.entries.map(\.mode), expected.entries.map(\.mode))
        XCTAssertEqual(listing.entries.map(\.size), expected.entries.map(\.size))
        XCTAssertEqual(listing.entries.map(\.modified), expected.entries.map(\.modified))
        let short = try await transport.listDirectory(target, path: folder, maxEntries: 2)
        XCTAssertEqual(short.entries.map(\.name), ["a.txt", "big"])
        XCTAssertTrue(short.truncated)

        _ = await assertSSHError({ try await transport.readFile(target, path: folder, maxBytes: 10) }) {
            if case .remoteIsDirectory = $0 { return true }
            return false
        }
        _ = await assertSSHError({ try await transport.readFile(target, path: "/nonexistent-sfa", maxBytes: 10) }) {
            if case .remoteFileNotFound("/nonexistent-sfa") = $0 { return true }
            return false
        }
        _ = await assertSSHError({ try await transport.readFile(target, path: "/etc/shadow", maxBytes: 10) }) {
            if case .remotePermissionDenied("/etc/shadow") = $0 { return true }
            return false
        }
        _ = await assertSSHError({ try await transport.listDirectory(target, path: folder + "/a.txt", maxEntries: 10) }) {
            if case .remoteNotDirectory = $0 { return true }
            return false
        }
        _ = await assertSSHError({ try await transport.readFile(target, path: "/dev/zero", maxBytes: 10) }) {
            if case .remoteNotRegularFile(_, "character device") = $0 { return true }
            return false
        }
    }
}
