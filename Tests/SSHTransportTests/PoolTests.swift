// The pool: one session per target, parallel channels, MaxSessions queueing, reconnect, idle close.
import Foundation
import SSHTransport
import SandboxSSHD
import XCTest

final class PoolTests: XCTestCase {
    func testCallsReuseOneSessionWithoutASecondHandshake() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        for _ in 0..<5 { _ = try await pool.exec(target, ExecRequest(command: "true")) }
        _ = try await pool.listDirectory(target, path: "/", maxEntries: 5)
        XCTAssertEqual(pool.statistics, PoolStatistics(handshakes: 1, openSessions: 1))
    }

    func testCloseAllReturnsOnlyWhenEveryConnectionThreadHasLeftLibssh2() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        _ = try await pool.exec(Fixture.ecdsaTarget(sandbox), ExecRequest(command: "true"))
        _ = try await pool.listDirectory(Fixture.ed25519Target(sandbox), path: "/", maxEntries: 5)
        XCTAssertEqual(pool.runningConnectionThreads, 2)
        await pool.closeAll()
        // Otherwise a process exiting right after could tear libssh2 down under a live session.
        XCTAssertEqual(pool.runningConnectionThreads, 0)
    }

    func testEightParallelSleepsOverlap() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        _ = try await pool.exec(target, ExecRequest(command: "true"))
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Int32?.self) { group in
            for _ in 0..<8 { group.addTask { try await pool.exec(target, ExecRequest(command: "sleep 1")).exitStatus } }
            for try await status in group { XCTAssertEqual(status, 0) }
        }
        let elapsed = ContinuousClock.now - start
        XCTAssertLessThan(elapsed, .seconds(4), "8 x sleep 1 took \(elapsed): not parallel")
        XCTAssertEqual(pool.statistics.handshakes, 1)
    }

    func testMoreCallsThanMaxSessionsWaitForAFreeChannel() async throws {
        let sandbox = try await SandboxSSHD.start(SandboxOptions(maxSessions: 2))
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<6 {
                group.addTask {
                    Fixture.text(try await pool.exec(target, ExecRequest(command: "sleep 0.3; echo \(index)")).stdout)
                }
            }
            var outputs: [String] = []
            for try await output in group { outputs.append(output) }
            XCTAssertEqual(outputs.sorted(), (0..<6).map { "\($0)\n" })
        }
        XCTAssertEqual(pool.statistics.handshakes, 1)
    }

    /// libssh2 1.10 fails an exec start with -1 ("Failed waiting for channel success") when
    /// the reply it reads belongs to another channel's request (libssh2 issue #671). Many exec
    /// starts in flight at once on one connection is the case that hit it.
    func testManyParallelExecStartsOnOneConnectionAllSucceed() async throws {
        let sandbox = try await SandboxSSHD.start(SandboxOptions(maxSessions: 10))
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        for round in 0..<40 {
            try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        Fixture.text(try await pool.exec(target, ExecRequest(command: "echo \(round).\(index)")).stdout)
                    }
                }
                // SFTP starts send a channel request (the subsystem) too.
                for _ in 0..<2 {
                    group.addTask {
                        let listing = try await pool.listDirectory(target, path: "/", maxEntries: 5)
                        return listing.entries.isEmpty ? "empty" : "listed"
                    }
                }
                var outputs: [String] = []
                for try await output in group { outputs.append(output) }
                XCTAssertEqual(outputs.sorted(), (0..<8).map { "\(round).\($0)\n" } + ["listed", "listed"])
            }
        }
        XCTAssertEqual(pool.statistics.handshakes, 1)
    }

    func testReconnectsTransparentlyAfterSSHDRestart() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        _ = try await pool.exec(target, ExecRequest(command: "true"))
        try await sandbox.restart()
        let result = try await pool.exec(target, ExecRequest(command: "echo again"))
        XCTAssertEqual(Fixture.text(result.stdout), "again\n")
        XCTAssertEqual(pool.statistics.handshakes, 2)
    }

    func testIdleSessionIsClosedAndReopenedOnDemand() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool(idleTimeout: .milliseconds(200))
        let target = Fixture.ecdsaTarget(sandbox)
        _ = try await pool.exec(target, ExecRequest(command: "true"))
        // Poll (bounded) for the idle close rather than sleeping a fixed time.
        let deadline = ContinuousClock.now + .seconds(5)
        while pool.statistics.openSessions > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTAssertEqual(pool.statistics.openSessions, 0)
        _ = try await pool.exec(target, ExecRequest(command: "true"))
        XCTAssertEqual(pool.statistics.handshakes, 2)
    }

    func testCloseDropsTheSession() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        _ = try await pool.exec(target, ExecRequest(command: "true"))
        await pool.close(target)
        XCTAssertEqual(pool.statistics.openSessions, 0)
        _ = try await pool.exec(target, ExecRequest(command: "true"))
        XCTAssertEqual(pool.statistics.handshakes, 2)
    }
}
