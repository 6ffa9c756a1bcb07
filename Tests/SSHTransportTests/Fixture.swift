// Shared test helpers: a sandbox sshd reused by tests that do not change its config, and
// targets pointing at it.
import Foundation
import SSHTransport
import SandboxSSHD
import Synchronization
import TestProcesses
import XCTest

enum Fixture {
    fileprivate static let shared = Mutex<SandboxSSHD?>(nil)
    static let passphraseVariable = "SFA_TRANSPORT_TEST_PASSPHRASE"

    /// The default sandbox, started once per test process. A missing sshd fails the test with
    /// the sandbox's explanation (no skipping).
    static func sandbox() async throws -> SandboxSSHD {
        if let running = shared.withLock({ $0 }) { return running }
        let started = try await SandboxSSHD.start(SandboxOptions(maxSessions: 32))
        let winner = shared.withLock { current -> SandboxSSHD in
            if let current { return current }
            current = started
            return started
        }
        if winner !== started { started.stop() } else { XCTestObservationCenter.shared.addTestObserver(StopSandboxAtEnd()) }
        setenv(passphraseVariable, winner.ed25519Passphrase, 1)
        return winner
    }

    static func ecdsaTarget(_ sandbox: SandboxSSHD, timeout: Duration = .seconds(10)) -> SSHTarget {
        SSHTarget(
            hostname: sandbox.host, port: sandbox.port, username: sandbox.username,
            authentication: .privateKey(path: sandbox.ecdsaKeyPath, passphraseEnvironmentVariable: nil),
            hostKeyVerification: .knownHosts(files: [sandbox.knownHostsPath]), connectTimeout: timeout)
    }

    static func ed25519Target(_ sandbox: SandboxSSHD, variable: String = passphraseVariable) -> SSHTarget {
        SSHTarget(
            hostname: sandbox.host, port: sandbox.port, username: sandbox.username,
            authentication: .privateKey(path: sandbox.ed25519KeyPath, passphraseEnvironmentVariable: variable),
            hostKeyVerification: .knownHosts(files: [sandbox.knownHostsPath]))
    }

    static func text(_ output: CapturedOutput) -> String { String(decoding: output.bytes, as: UTF8.self) }

    /// Runs a local shell command (the sandbox is on this machine) and returns its stdout.
    @discardableResult
    static func shell(_ command: String) throws -> (status: Int32, output: String) {
        try LocalShell.run(command, discardingStderr: true)
    }

    /// Waits (bounded) until no local process matches the pattern; true if none is left.
    /// The first character goes in brackets so the pattern does not match our own `sh -c`.
    static func processGone(matching pattern: String, within seconds: Double = 5) throws -> Bool {
        let regex = "[\(pattern.prefix(1))]\(pattern.dropFirst())"
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try shell("pgrep -f '\(regex)'").status != 0 { return true }
            usleep(50_000)
        }
        return false
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "sfa-transport-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Asserts that `body` throws an SSHError matching `matches`; returns it for message checks.
func assertSSHError<T>(
    _ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line,
    _ matches: (SSHError) -> Bool
) async -> SSHError? {
    do {
        _ = try await body()
        XCTFail("expected an SSHError, got success", file: file, line: line)
    } catch let error as SSHError {
        XCTAssertTrue(matches(error), "unexpected error: \(error)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected an SSHError, got \(error)", file: file, line: line)
    }
    return nil
}

/// Globals are never deinitialised: stop the shared sandbox when the test bundle finishes.
private final class StopSandboxAtEnd: NSObject, XCTestObservation {
    func testBundleDidFinish(_ testBundle: Bundle) {
        Fixture.stopShared()
    }
}

extension Fixture {
    static func stopShared() {
        shared.withLock { sandbox in
            sandbox?.stop()
            sandbox = nil
        }
        for directory in OpenSSHFixture.runtimeDirectories.withLock({ $0 }) {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
