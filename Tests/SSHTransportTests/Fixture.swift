// Shared test helpers: a sandbox sshd reused by tests that do not change its config, and
// targets pointing at it.
import Foundation
import SSHTransport
import SandboxSSHD
import Synchronization
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
        // Output through a file, not a pipe: a daemon it starts (ssh-agent) could hold a pipe open.
        let outputPath = NSTemporaryDirectory() + "sfa-shell-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        // posix_spawn + waitpid: Foundation's Process did not notice the exit of a shell
        // whose child daemonised (ssh-agent) and hung in waitUntilExit.
        let script = "exec >\(outputPath) 2>/dev/null </dev/null; " + command
        var pid: pid_t = 0
        let strings: [String] = ["/bin/sh", "-c", script]
        var arguments: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        arguments.append(nil)
        defer { arguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, arguments, environ)
        guard spawned == 0 else { throw NSError(domain: "spawn", code: Int(spawned)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return ((status >> 8) & 0xff, String(decoding: data, as: UTF8.self))
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
