import Foundation
import SandboxSSHD
import XCTest

/// Real sshd, real ssh: each test is one behaviour the other test suites rely on.
final class SandboxSSHDTests: XCTestCase {
    func testSSHLogsInAsTheSandboxAccountWhichCanWriteHomeAndTmp() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }

        let marker = "sfa-sandbox-test-\(UUID().uuidString)"
        let result = try ssh(
            sandbox, "id -un && touch \"$HOME/\(marker)\" /tmp/\(marker) && echo wrote && rm \"$HOME/\(marker)\" /tmp/\(marker)")
        XCTAssertEqual(result.status, 0, result.stderr + "\n" + log(sandbox))
        XCTAssertEqual(result.stdout, "\(sandbox.username)\nwrote\n")
        if geteuid() == 0 { XCTAssertEqual(sandbox.username, "sfa-agent") }
    }

    func testRestartKeepsPortAndHostKeyAndAcceptsNewConnections() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let (port, fingerprint, firstPID) = (sandbox.port, sandbox.hostKeyFingerprint, sandbox.pid)

        try await sandbox.restart()

        XCTAssertEqual(sandbox.port, port)
        XCTAssertEqual(sandbox.hostKeyFingerprint, fingerprint)
        XCTAssertNotEqual(sandbox.pid, firstPID)
        XCTAssertFalse(isAlive(firstPID), "old sshd \(firstPID) survived restart")
        XCTAssertTrue(sandbox.isRunning)
        let result = try ssh(sandbox, "id -un")
        XCTAssertEqual(result.status, 0, result.stderr + "\n" + log(sandbox))
        XCTAssertEqual(result.stdout, "\(sandbox.username)\n")
    }

    func testStopKillsSSHDAndOpenConnectionsAndRemovesTheDirectory() async throws {
        let sandbox = try await SandboxSSHD.start()
        let listener = sandbox.pid
        // A connection that would outlive a plain kill of the listener (sshd forks with setsid).
        let session = Process()
        session.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
        session.arguments = sandbox.sshCommandArguments() + ["echo up; exec sleep 60"]
        let output = Pipe()
        session.standardOutput = output
        session.standardError = FileHandle.nullDevice
        try session.run()
        XCTAssertEqual(output.fileHandleForReading.availableLine(), "up")

        sandbox.stop()
        sandbox.stop() // idempotent

        XCTAssertFalse(sandbox.isRunning)
        XCTAssertEqual(sandbox.pid, listener)
        XCTAssertFalse(isAlive(listener), "sshd \(listener) still running after stop()")
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.directory))
        session.waitUntilExit() // returns only because the connection was cut
        XCTAssertNotEqual(session.terminationStatus, 0)
        do {
            try await sandbox.restart()
            XCTFail("restart after stop should fail")
        } catch let error as SandboxError {
            XCTAssertTrue(error.description.contains("start a new one"), error.description)
        }
    }

    func testKeysHaveTheAdvertisedFormsAndHostsJSONPointsAtThem() async throws {
        let sandbox = try await SandboxSSHD.start(SandboxOptions(extraConfig: ["Ciphers aes256-gcm@openssh.com"]))
        defer { sandbox.stop() }

        // The ed25519 key opens with its passphrase and only with it.
        XCTAssertEqual(
            try run("/usr/bin/ssh-keygen", ["-y", "-P", sandbox.ed25519Passphrase, "-f", sandbox.ed25519KeyPath]).status, 0)
        XCTAssertNotEqual(try run("/usr/bin/ssh-keygen", ["-y", "-P", "", "-f", sandbox.ed25519KeyPath]).status, 0)
        XCTAssertEqual(try run("/usr/bin/ssh-keygen", ["-y", "-P", "", "-f", sandbox.ecdsaKeyPath]).status, 0)
        let knownHosts = try String(contentsOfFile: sandbox.knownHostsPath, encoding: .utf8)
        XCTAssertTrue(knownHosts.hasPrefix("[127.0.0.1]:\(sandbox.port) ssh-ed25519 AAAA"), knownHosts)
        XCTAssertTrue(sandbox.hostKeyFingerprint.hasPrefix("SHA256:"))
        XCTAssertTrue(try String(contentsOfFile: sandbox.sshdConfigPath, encoding: .utf8).contains("MaxSessions 32\n"))

        let path = sandbox.directory + "/hosts.json"
        try sandbox.writeHostsJSON(to: path)
        defer { unlink(path) }
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let hosts = try XCTUnwrap(json["hosts"] as? [String: [String: Any]])
        XCTAssertEqual(hosts["sandbox"]?["port"] as? Int, sandbox.port)
        XCTAssertEqual(hosts["sandbox"]?["private_key"] as? String, sandbox.ed25519KeyPath)
        XCTAssertEqual(hosts["sandbox"]?["passphrase_env"] as? String, "SANDBOX_KEY_PASSPHRASE")
        XCTAssertEqual(hosts["sandbox-ecdsa"]?["private_key"] as? String, sandbox.ecdsaKeyPath)
        XCTAssertNil(hosts["sandbox-ecdsa"]?["passphrase_env"])
        XCTAssertEqual((json["policy"] as? [String: Any])?["mode"] as? String, "guarded")

        // The extra config line took effect: a client offering only another cipher is refused.
        let refused = try ssh(sandbox, "true", extra: ["-o", "Ciphers=aes128-ctr"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertEqual(try ssh(sandbox, "true").status, 0)
    }

    func testBadConfigFailsWithTheSSHDLogAndLeavesNothingBehind() async throws {
        let directory = NSTemporaryDirectory() + "sfa-sandbox-bad-\(UUID().uuidString)"
        do {
            let sandbox = try await SandboxSSHD.start(
                SandboxOptions(extraConfig: ["NoSuchKeyword yes"], directory: directory))
            sandbox.stop()
            XCTFail("sshd accepted an unknown keyword")
        } catch let error as SandboxError {
            XCTAssertTrue(
                error.description.contains("Bad configuration option: NoSuchKeyword"),
                error.description)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory))
    }

    // MARK: - Helpers

    private struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    private func ssh(_ sandbox: SandboxSSHD, _ command: String, extra: [String] = []) throws -> Output {
        try run("/usr/bin/ssh", sandbox.sshCommandArguments(extra: extra) + [command])
    }

    private func run(_ path: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    private func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

    private func log(_ sandbox: SandboxSSHD) -> String {
        (try? String(contentsOfFile: sandbox.sshdLogPath, encoding: .utf8)) ?? "(no sshd log)"
    }
}

extension FileHandle {
    /// Reads one line (blocking), without the newline.
    fileprivate func availableLine() -> String {
        var bytes: [UInt8] = []
        while true {
            let chunk = readData(ofLength: 1)
            guard let byte = chunk.first, byte != UInt8(ascii: "\n") else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
