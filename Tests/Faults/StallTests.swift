// Issue 19, defect 1: a server that stops answering (its sessions frozen with SIGSTOP) for 5, 15
// and 60 s. During the stall a command with `timeout: 10` and a file read must answer — with a
// result or a clear error, and never "timed out; the command was ended" for a command that never
// ran — and once the server answers again, every call works (no host broken for good).
import Foundation
import SSHTransport
import SandboxSSHD
import XCTest

final class StallTests: XCTestCase {
    func testStallOfFiveSeconds() async throws { try await stall(seconds: 5) }
    func testStallOfFifteenSeconds() async throws { try await stall(seconds: 15) }
    func testStallOfSixtySeconds() async throws { try await stall(seconds: 60) }

    private func stall(seconds: Int) async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        let warm = try await pool.exec(target, ExecRequest(command: "echo warm", timeout: .seconds(10)))
        XCTAssertEqual(String(decoding: warm.stdout.bytes, as: UTF8.self), "warm\n")

        let frozen = FaultFixture.freezeSessions(of: sandbox)
        XCTAssertFalse(frozen.isEmpty, "the warm connection's sshd processes should be there to freeze")
        let thawer = Task {
            try? await Task.sleep(for: .seconds(seconds))
            FaultFixture.thaw(frozen)
        }
        async let during = bounded(.seconds(90)) {
            try await pool.exec(target, ExecRequest(command: "echo during", timeout: .seconds(10)))
        }
        async let read = bounded(.seconds(120)) {
            try await pool.readFile(target, path: "/etc/hostname", maxBytes: 4096)
        }
        let (command, commandTime) = try await during
        measured("stall \(seconds) s: run_command(timeout 10) answered after", commandTime)
        switch command {
        case .success(let result):
            // It ran: the connection recovered in time (or the call moved to a fresh one).
            XCTAssertFalse(result.timedOut, "nothing was started that timed out: \(result)")
            XCTAssertEqual(String(decoding: result.stdout.bytes, as: UTF8.self), "during\n")
        case .failure(let error):
            guard let error = error as? SSHError else { return XCTFail("not an SSHError: \(error)") }
            switch error {
            case .notRunTimedOut, .connectionStalled(_, _, false), .connectTimedOut:
                XCTAssertTrue("\(error)".contains("not run") || "\(error)".contains("timed out"), "\(error)")
            default:
                XCTFail("an unclear error for a command that never started: \(error)")
            }
        }
        let (file, readTime) = try await read
        measured("stall \(seconds) s: read_file answered after", readTime)
        if case .failure(let error) = file {
            guard case .operationTimedOut = error as? SSHError else { return XCTFail("read_file: \(error)") }
        }

        await thawer.value
        // After the stall: the host works again, call after call.
        for attempt in 1...3 {
            let (after, afterTime) = try await bounded(.seconds(60)) {
                try await pool.exec(target, ExecRequest(command: "echo after", timeout: .seconds(20)))
            }
            measured("stall \(seconds) s: call \(attempt) after the stall", afterTime)
            let result = try after.get()
            XCTAssertFalse(result.timedOut)
            XCTAssertEqual(String(decoding: result.stdout.bytes, as: UTF8.self), "after\n")
        }
        let (listing, _) = try await bounded(.seconds(60)) {
            try await pool.listDirectory(target, path: "/", maxEntries: 100)
        }
        XCTAssertFalse(try listing.get().entries.isEmpty)
        await pool.closeAll()
    }

    /// The other side of the stall limit: a command that prints nothing for longer than the limit
    /// on a server that answers keepalives is healthy and must run to its end.
    func testASilentCommandLongerThanTheStallLimitIsNoStall() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        let (outcome, time) = try await bounded(.seconds(90)) {
            try await pool.exec(target, ExecRequest(command: "sleep 20; echo done", timeout: .seconds(60)))
        }
        measured("silent 20 s command (stall limit 15 s) answered after", time)
        let result = try outcome.get()
        XCTAssertEqual(result.exitStatus, 0)
        XCTAssertEqual(String(decoding: result.stdout.bytes, as: UTF8.self), "done\n")
        XCTAssertEqual(pool.statistics.handshakes, 1, "the connection was not replaced")
        await pool.closeAll()
    }

    /// A command that was running when the server stalled: its timeout cannot be enforced on the
    /// server, so the answer must say it may still be running — never that it was ended.
    func testStallWhileACommandRunsSaysItMayStillRun() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        _ = try await pool.exec(target, ExecRequest(command: "true", timeout: .seconds(10)))
        async let running = bounded(.seconds(90)) {
            try await pool.exec(target, ExecRequest(command: "sleep 40", timeout: .seconds(5)))
        }
        try await Task.sleep(for: .seconds(1))
        let frozen = FaultFixture.freezeSessions(of: sandbox)
        defer { FaultFixture.thaw(frozen) }
        let (outcome, time) = try await running
        measured("stall during a running command (timeout 5) answered after", time)
        switch outcome {
        case .success(let result):
            XCTAssertTrue(result.timedOut)
            XCTAssertTrue(result.endUnconfirmed, "the end of a command on a frozen server cannot be confirmed: \(result)")
        case .failure(let error):
            guard case .connectionStalled(_, _, true) = error as? SSHError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("may still be running"), "\(error)")
        }
        FaultFixture.thaw(frozen)
        let after = try await pool.exec(target, ExecRequest(command: "echo ok", timeout: .seconds(20)))
        XCTAssertEqual(String(decoding: after.stdout.bytes, as: UTF8.self), "ok\n")
        await pool.closeAll()
    }
}
