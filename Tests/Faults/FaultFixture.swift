// What the fault cases share: sandboxes (on the loopback or inside a namespace), targets, a
// server frozen and thawed (SIGSTOP of its sessions: the server stops answering, the sockets stay
// open), the sandbox account's processes, and a bound on every call so a hang fails the test.
import Foundation
import SSHTransport
import SandboxSSHD
import Synchronization
import TestProcesses
import XCTest

enum FaultFixture {
    static func target(_ sandbox: SandboxSSHD, connectTimeout: Duration = .seconds(10)) -> SSHTarget {
        SSHTarget(
            hostname: sandbox.host, port: sandbox.port, username: sandbox.username,
            authentication: .privateKey(path: sandbox.ecdsaKeyPath, passphraseEnvironmentVariable: nil),
            hostKeyVerification: .knownHosts(files: [sandbox.knownHostsPath]), connectTimeout: connectTimeout)
    }

    /// Freezes every process of the server's sessions (not the listener: a fresh connection is
    /// still accepted, as when only one TCP path is stuck). Returns what was frozen, for `thaw`.
    static func freezeSessions(of sandbox: SandboxSSHD) -> [Int32] {
        let frozen = sandbox.sessionProcesses
        for pid in frozen { kill(pid, SIGSTOP) }
        return frozen
    }

    static func thaw(_ pids: [Int32]) {
        for pid in pids { kill(pid, SIGCONT) }
    }

    /// The command lines of the sandbox account's processes that contain `marker`.
    static func remoteProcesses(of sandbox: SandboxSSHD, containing marker: String) throws -> [String] {
        let listing = try LocalShell.run("ps -u \(sandbox.username) -o pid=,args= 2>/dev/null").output
        return listing.split(separator: "\n").map(String.init).filter { $0.contains(marker) }
    }

    /// Waits (bounded) until the sandbox account runs nothing containing `marker`; returns what is left.
    static func waitForNoRemoteProcess(
        of sandbox: SandboxSSHD, containing marker: String,
        within seconds: Double = 10
    ) async throws -> [String] {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while true {
            let left = try remoteProcesses(of: sandbox, containing: marker)
            if left.isEmpty || ContinuousClock.now >= deadline { return left }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// A unique word to put in a remote command line and look for with `ps`.
    static func marker(_ tag: String) -> String {
        "sfafault\(tag)\(UInt32.random(in: 0...UInt32.max))"
    }
}

/// Runs `body`, failing the test if it has not answered within `limit` (a hang, not a slow
/// answer: the limit is generous and never a measurement). Returns the outcome and its duration.
/// Unstructured on purpose: a hung body must not hold the test up too.
func bounded<T: Sendable>(
    _ limit: Duration, file: StaticString = #filePath, line: UInt = #line,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> (Result<T, any Error>, Duration) {
    let started = ContinuousClock.now
    let once = ResumeOnce<Result<T, any Error>?>()
    let outcome: Result<T, any Error>? = await withCheckedContinuation { continuation in
        once.set(continuation)
        Task {
            do { once.resume(.success(try await body())) } catch { once.resume(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            once.resume(nil)
        }
    }
    guard let outcome else {
        XCTFail("no answer within \(limit): a hang", file: file, line: line)
        throw Hang(limit: limit)
    }
    return (outcome, ContinuousClock.now - started)
}

struct Hang: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "no answer within \(limit)" }
}

final class ResumeOnce<Value: Sendable>: Sendable {
    private let state = Mutex<(CheckedContinuation<Value, Never>?, Bool)>((nil, false))

    func set(_ continuation: CheckedContinuation<Value, Never>) {
        state.withLock { $0.0 = continuation }
    }

    func resume(_ value: Value) {
        let continuation = state.withLock { state -> CheckedContinuation<Value, Never>? in
            guard !state.1, let continuation = state.0 else { return nil }
            state.1 = true
            return continuation
        }
        continuation?.resume(returning: value)
    }
}

/// Prints a measurement for the report (never asserted).
func measured(_ label: String, _ duration: Duration) {
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    print("FAULT-MEASURE \(label): \(String(format: "%.2f", seconds)) s")
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
