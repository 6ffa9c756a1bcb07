// Issue 19's network faults, with sshd inside a network namespace the test creates (a veth pair on
// 10.203.x.0/30): the link cut and restored; and, on the loopback, 40 concurrent calls while one
// of two hosts stalls — the healthy host keeps answering.
import Foundation
import SSHTransport
import SandboxSSHD
import XCTest

final class NetworkFaultTests: XCTestCase {
    func testLinkCutAndRestored() async throws {
        let namespace = try NetworkNamespace(index: 1)
        defer { namespace.remove() }
        let sandbox = try await SandboxSSHD.start(
            SandboxOptions(
                listener: SandboxListener(address: namespace.innerAddress, namespace: namespace.name)))
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox)
        let warm = try await pool.exec(target, ExecRequest(command: "echo warm", timeout: .seconds(10)))
        XCTAssertEqual(String(decoding: warm.stdout.bytes, as: UTF8.self), "warm\n")

        for cut in [3, 20] {
            try namespace.cutLink()
            let restorer = Task {
                try? await Task.sleep(for: .seconds(cut))
                try? namespace.restoreLink()
            }
            let (during, time) = try await bounded(.seconds(90)) {
                try await pool.exec(target, ExecRequest(command: "echo during", timeout: .seconds(10)))
            }
            measured("link cut for \(cut) s: run_command(timeout 10) answered after", time)
            switch during {
            case .success(let result):
                XCTAssertFalse(result.timedOut, "\(result)")
                XCTAssertEqual(String(decoding: result.stdout.bytes, as: UTF8.self), "during\n")
            case .failure(let error):
                XCTAssertTrue("\(error)".hasPrefix("not run") || "\(error)".contains("timed out"), "\(error)")
            }
            await restorer.value
            let (after, afterTime) = try await bounded(.seconds(60)) {
                try await pool.exec(target, ExecRequest(command: "echo after", timeout: .seconds(30)))
            }
            measured("link cut for \(cut) s: first call after the restore", afterTime)
            XCTAssertEqual(String(decoding: try after.get().stdout.bytes, as: UTF8.self), "after\n")
            let (read, _) = try await bounded(.seconds(60)) {
                try await pool.readFile(target, path: "/etc/hostname", maxBytes: 4096)
            }
            XCTAssertNoThrow(try read.get())
        }
        await pool.closeAll()
    }

    func testFortyConcurrentCallsDuringAStallOnOneOfTwoHosts() async throws {
        let stalled = try await SandboxSSHD.start()
        defer { stalled.stop() }
        let healthy = try await SandboxSSHD.start()
        defer { healthy.stop() }
        let pool = SSHConnectionPool()
        let stalledTarget = FaultFixture.target(stalled)
        let healthyTarget = FaultFixture.target(healthy)
        _ = try await pool.exec(stalledTarget, ExecRequest(command: "true", timeout: .seconds(10)))
        _ = try await pool.exec(healthyTarget, ExecRequest(command: "true", timeout: .seconds(10)))

        let frozen = FaultFixture.freezeSessions(of: stalled)
        defer { FaultFixture.thaw(frozen) }
        let started = ContinuousClock.now
        let outcomes = await withTaskGroup(of: (Bool, Result<ExecResult, any Error>, Duration)?.self) { group in
            for index in 0..<40 {
                let onHealthy = index % 2 == 0
                group.addTask {
                    let target = onHealthy ? healthyTarget : stalledTarget
                    guard
                        let (outcome, time) = try? await bounded(
                            .seconds(90),
                            {
                                try await pool.exec(target, ExecRequest(command: "echo \(index)", timeout: .seconds(5)))
                            })
                    else { return nil }
                    return (onHealthy, outcome, time)
                }
            }
            var all: [(Bool, Result<ExecResult, any Error>, Duration)] = []
            for await outcome in group { if let outcome { all.append(outcome) } }
            return all
        }
        XCTAssertEqual(outcomes.count, 40, "every call answers")
        let healthyTimes = outcomes.filter(\.0).map(\.2)
        measured("40 calls, one host stalled: slowest healthy-host answer", healthyTimes.max() ?? .zero)
        measured("40 calls, one host stalled: all answered after", ContinuousClock.now - started)
        for (onHealthy, outcome, _) in outcomes {
            if onHealthy {
                XCTAssertEqual(try outcome.get().exitStatus, 0)
            } else if case .failure(let error) = outcome {
                XCTAssertTrue("\(error)".hasPrefix("not run") || "\(error)".contains("timed out"), "\(error)")
            } else if case .success(let result) = outcome {
                XCTAssertFalse(result.timedOut, "a command that could not start is not 'timed out; ended': \(result)")
            }
        }
        await pool.closeAll()
    }
}
