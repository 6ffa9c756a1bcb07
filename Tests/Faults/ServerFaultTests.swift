// Issue 19's server-side faults: sshd killed mid-command, MaxSessions exhausted, a process that
// ignores SIGTERM at its timeout, a timed-out command's background children, 1 GB of output under
// a small and a large cap, a command too long for an exec request, and a rotated host key.
import Foundation
import SSHTransport
import SandboxSSHD
import Synchronization
import XCTest

final class ServerFaultTests: XCTestCase {
    func testSSHDKilledMidCommandFailsWithinTheTimeoutAndTheNextCallReconnects() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        async let running = bounded(.seconds(60)) {
            try await pool.exec(target, ExecRequest(command: "sleep 30; echo done", timeout: .seconds(20)))
        }
        try await Task.sleep(for: .seconds(1))
        try await sandbox.restart() // kills every connection, as a crash would, and comes back
        let (outcome, time) = try await running
        measured("sshd killed mid-command: error after", time)
        guard case .connectionLost = outcome.failure as? SSHError else { return XCTFail("\(outcome)") }
        let after = try await pool.exec(target, ExecRequest(command: "echo again", timeout: .seconds(20)))
        XCTAssertEqual(String(decoding: after.stdout.bytes, as: UTF8.self), "again\n")
        await pool.closeAll()
    }

    func testMaxSessionsExhaustedQueuesAndATimeoutThatPassesSaysNotRun() async throws {
        let sandbox = try await SandboxSSHD.start(SandboxOptions(maxSessions: 2))
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        // Six commands, two slots: all of them run, in turns.
        try await withThrowingTaskGroup(of: ExecResult.self) { group in
            for index in 0..<6 {
                group.addTask {
                    try await pool.exec(target, ExecRequest(command: "sleep 1; echo \(index)", timeout: .seconds(60)))
                }
            }
            var seen = 0
            for try await result in group {
                XCTAssertEqual(result.exitStatus, 0)
                seen += 1
            }
            XCTAssertEqual(seen, 6)
        }
        // Both slots held for 8 s: a call with a 2 s timeout never starts, and says so.
        async let holders = withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask { _ = try await pool.exec(target, ExecRequest(command: "sleep 8", timeout: .seconds(30))) }
            }
            try await group.waitForAll()
        }
        try await Task.sleep(for: .seconds(1))
        let (late, _) = try await bounded(.seconds(30)) {
            try await pool.exec(target, ExecRequest(command: "echo late", timeout: .seconds(2)))
        }
        guard case .notRunTimedOut = late.failure as? SSHError else { return XCTFail("\(late)") }
        XCTAssertTrue("\(late.failure!)".contains("MaxSessions"), "\(late.failure!)")
        try await holders
        await pool.closeAll()
    }

    func testAProcessIgnoringSIGTERMAndItsBackgroundChildrenAreEndedAtTheTimeout() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        // A unique sleep length is what `ps` looks for (sleep takes no other argument).
        // A multiple of 10, so "sleep <seconds / 10>" matches all three and nothing else.
        let seconds = (30_000 + Int.random(in: 0..<9_999)) * 10
        // The shell ignores TERM; so do its background children (inherited); one child is a
        // subshell, one a new shell.
        let script = "trap '' TERM; sleep \(seconds) & (sleep \(seconds + 1)) & sh -c 'sleep \(seconds + 2)'; wait"
        let (outcome, time) = try await bounded(.seconds(60)) {
            try await pool.exec(target, ExecRequest(command: script, timeout: .seconds(2)))
        }
        measured("SIGTERM-ignoring command with timeout 2 answered after", time)
        let result = try outcome.get()
        XCTAssertTrue(result.timedOut)
        XCTAssertFalse(result.endUnconfirmed, "the helper should have confirmed the end")
        let left = try await FaultFixture.waitForNoRemoteProcess(of: sandbox, containing: "sleep \(seconds / 10)")
        XCTAssertEqual(left, [], "processes of the timed-out command survived")
        await pool.closeAll()
    }

    func testAGigabyteOfOutputUnderASmallCapIsEndedForFlooding() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        let marker = FaultFixture.marker("flood")
        let (outcome, time) = try await bounded(.seconds(120)) {
            try await pool.exec(
                target,
                ExecRequest(
                    command: "head -c 1000000000 /dev/zero; : \(marker)", timeout: .seconds(60),
                    maxOutputBytes: 64 * 1024, discardLimitBytes: 16 << 20))
        }
        measured("1 GB under a 64 KiB cap answered after", time)
        let result = try outcome.get()
        XCTAssertTrue(result.endedForOutputFlood)
        XCTAssertEqual(result.stdout.bytes.count, 64 * 1024)
        XCTAssertTrue(result.stdout.truncated)
        let left = try await FaultFixture.waitForNoRemoteProcess(of: sandbox, containing: marker)
        XCTAssertEqual(left, [], "processes of the ended command survived")
        await pool.closeAll()
    }

    /// The large cap: everything is kept, but streamed (to a counter here, a spill file in the
    /// tool) with nothing held in memory; the timeout is a wall-clock deadline through the flood.
    func testAGigabyteOfOutputUnderALargeCapStreamsWithBoundedMemory() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        let counted = ByteCounter()
        let before = peakResidentBytes()
        let (outcome, time) = try await bounded(.seconds(300)) {
            try await pool.exec(
                target,
                ExecRequest(
                    command: "head -c 1000000000 /dev/zero", timeout: .seconds(240),
                    maxOutputBytes: 2_000_000_000, memoryBytes: 0, onOutput: { _, chunk in counted.add(chunk.count) }))
        }
        measured("1 GB under a 2 GB cap (streamed) answered after", time)
        let result = try outcome.get()
        XCTAssertEqual(result.exitStatus, 0)
        XCTAssertEqual(result.stdout.totalBytes, 1_000_000_000)
        XCTAssertEqual(counted.total, 1_000_000_000)
        XCTAssertTrue(result.stdout.bytes.isEmpty)
        let growth = peakResidentBytes() - before
        print("FAULT-MEASURE 1 GB streamed: peak RSS growth \(growth / (1 << 20)) MiB")
        XCTAssertLessThan(growth, 512 << 20, "memory grew with the output")

        // The same flood with a 5 s timeout answers at the deadline and ends the command.
        let marker = FaultFixture.marker("endless")
        let (endless, endlessTime) = try await bounded(.seconds(60)) {
            try await pool.exec(
                target,
                ExecRequest(
                    command: "cat /dev/zero; : \(marker)", timeout: .seconds(5),
                    maxOutputBytes: 2_000_000_000, discardLimitBytes: 0, memoryBytes: 0, onOutput: { _, _ in }))
        }
        measured("endless flood with timeout 5 answered after", endlessTime)
        XCTAssertTrue(try endless.get().timedOut)
        let left = try await FaultFixture.waitForNoRemoteProcess(of: sandbox, containing: marker)
        XCTAssertEqual(left, [], "processes of the ended command survived")
        await pool.closeAll()
    }

    func testACommandLongerThanAnExecRequestRunsAndAHugeOneGetsItsOwnError() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        // A heredoc of 100 KB, as when writing a config file.
        let body = (0..<2000).map { "line \($0) " + String(repeating: "x", count: 40) }.joined(separator: "\n")
        let path = "/tmp/sfa-fault-long-\(getpid())"
        let command = "cat > \(path) <<'EOF'\n\(body)\nEOF\nwc -c < \(path); rm -f \(path)"
        XCTAssertGreaterThan(command.utf8.count, 64 * 1024)
        let result = try await pool.exec(target, ExecRequest(command: command, timeout: .seconds(30)))
        XCTAssertEqual(result.exitStatus, 0, String(decoding: result.stderr.bytes, as: UTF8.self))
        XCTAssertEqual(
            String(decoding: result.stdout.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
            String(body.utf8.count + 1))

        let huge = String(repeating: ": filler\n", count: (2 << 20) / 9)
        let (outcome, _) = try await bounded(.seconds(30)) {
            try await pool.exec(target, ExecRequest(command: huge, timeout: .seconds(10)))
        }
        guard case .commandTooLong = outcome.failure as? SSHError else { return XCTFail("\(outcome)") }
        await pool.closeAll()
    }

    func testARotatedHostKeyIsRefusedWithBothFingerprints() async throws {
        let first = try await SandboxSSHD.start()
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(first)
        _ = try await pool.exec(target, ExecRequest(command: "true", timeout: .seconds(10)))
        let oldFingerprint = first.hostKeyFingerprint
        let knownHosts = try String(contentsOfFile: first.knownHostsPath, encoding: .utf8)
        let oldPort = first.port
        first.stop()
        await pool.closeAll()
        // A new server with a new key; the client keeps the old key for its address and port.
        let second = try await SandboxSSHD.start()
        defer { second.stop() }
        try knownHosts.replacingOccurrences(of: "]:\(oldPort) ", with: "]:\(second.port) ")
            .write(toFile: second.knownHostsPath, atomically: true, encoding: .utf8)
        let (outcome, _) = try await bounded(.seconds(30)) {
            try await pool.exec(FaultFixture.target(second), ExecRequest(command: "true", timeout: .seconds(10)))
        }
        guard case .hostKeyChanged(_, _, _, let expected, let presented, _, _) = outcome.failure as? SSHError else {
            return XCTFail("\(outcome)")
        }
        XCTAssertEqual(expected, oldFingerprint)
        XCTAssertEqual(presented, second.hostKeyFingerprint)
        XCTAssertTrue("\(outcome.failure!)".contains(oldFingerprint) && "\(outcome.failure!)".contains(second.hostKeyFingerprint))
        await pool.closeAll()
    }

}

final class ByteCounter: Sendable {
    private let count = Mutex(0)
    func add(_ bytes: Int) { count.withLock { $0 += bytes } }
    var total: Int { count.withLock { $0 } }
}

/// This process's peak resident set (VmHWM) in bytes.
func peakResidentBytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}
