// Running commands: streams, exit status and signal, floods, caps, timeouts, cancellation.
import Foundation
import SSHTransport
import SandboxSSHD
import XCTest

final class ExecTests: XCTestCase {
    func testStdoutAndStderrStayApartWithExitStatus() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        let result = try await pool.exec(
            Fixture.ecdsaTarget(sandbox),
            ExecRequest(command: "echo out; echo err >&2; exit 3"))
        XCTAssertEqual(Fixture.text(result.stdout), "out\n")
        XCTAssertEqual(Fixture.text(result.stderr), "err\n")
        XCTAssertEqual(result.exitStatus, 3)
        XCTAssertNil(result.exitSignal)
        XCTAssertFalse(result.timedOut)
        XCTAssertFalse(result.stdout.truncated)
    }

    func testSignalDeathReportsSignalAndNoStatus() async throws {
        let sandbox = try await Fixture.sandbox()
        let result = try await SSHConnectionPool().exec(
            Fixture.ecdsaTarget(sandbox),
            ExecRequest(command: "kill -TERM $$"))
        XCTAssertEqual(result.exitSignal, "TERM")
        XCTAssertNil(result.exitStatus)
    }

    func testMegabytesOnStderrWhileStdoutWritesDoesNotDeadlock() async throws {
        let sandbox = try await Fixture.sandbox()
        let command = "head -c 8000000 /dev/zero >&2 & head -c 3000000 /dev/zero; wait"
        let result = try await SSHConnectionPool().exec(
            Fixture.ecdsaTarget(sandbox),
            ExecRequest(command: command, timeout: .seconds(60), maxOutputBytes: 16 << 20))
        XCTAssertEqual(result.stderr.totalBytes, 8_000_000)
        XCTAssertEqual(result.stdout.totalBytes, 3_000_000)
        XCTAssertEqual(result.exitStatus, 0)
    }

    func testOutputCapKeepsMemoryBoundedAndCountsEverything() async throws {
        let sandbox = try await Fixture.sandbox()
        let result = try await SSHConnectionPool().exec(
            Fixture.ecdsaTarget(sandbox),
            ExecRequest(command: "yes | head -c 20000000", timeout: .seconds(60), maxOutputBytes: 1000))
        XCTAssertEqual(result.stdout.bytes.count, 1000)
        XCTAssertEqual(result.stdout.totalBytes, 20_000_000)
        XCTAssertTrue(result.stdout.truncated)
        XCTAssertEqual(result.exitStatus, 0)
    }

    func testEndlessFloodWithoutTimeoutIsEndedAfterDiscardLimit() async throws {
        let sandbox = try await Fixture.sandbox()
        let result = try await SSHConnectionPool().exec(
            Fixture.ecdsaTarget(sandbox),
            ExecRequest(command: "yes sfa-flood-marker", maxOutputBytes: 1000, discardLimitBytes: 4 << 20))
        XCTAssertTrue(result.endedForOutputFlood)
        XCTAssertTrue(result.stdout.truncated)
        XCTAssertGreaterThan(result.stdout.totalBytes, 4 << 20)
        XCTAssertEqual(result.stdout.bytes.count, 1000)
        XCTAssertTrue(try Fixture.processGone(matching: "yes sfa-flood-marker"))
    }

    func testTimeoutEndsTheRemoteProcess() async throws {
        let sandbox = try await Fixture.sandbox()
        let marker = "301.\(Int.random(in: 10000...99999))"
        let result = try await SSHConnectionPool().exec(
            Fixture.ecdsaTarget(sandbox),
            ExecRequest(command: "echo started; sleep \(marker) & wait", timeout: .seconds(1)))
        XCTAssertTrue(result.timedOut)
        XCTAssertEqual(Fixture.text(result.stdout), "started\n")
        XCTAssertNil(result.exitStatus)
        XCTAssertEqual(result.exitSignal, "TERM")
        XCTAssertTrue(
            try Fixture.processGone(matching: "sleep \(marker)", within: 1),
            "the remote sleep survived the timeout")
    }

    func testCancellationEndsTheRemoteProcess() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        _ = try await pool.exec(target, ExecRequest(command: "true")) // connected before timing
        let marker = "302.\(Int.random(in: 10000...99999))"
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            try await pool.exec(
                target,
                ExecRequest(
                    command: "echo go; sleep \(marker)",
                    onOutput: { _, _ in started.continuation.yield() }))
        }
        for await _ in started.stream { break }
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("a cancelled exec must throw CancellationError")
        } catch is CancellationError {}
        XCTAssertTrue(
            try Fixture.processGone(matching: "sleep \(marker)", within: 1),
            "the remote sleep survived cancellation")
    }

    func testLiveOutputCallbackSeesTheStream() async throws {
        let sandbox = try await Fixture.sandbox()
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let result = try await SSHConnectionPool().exec(
            Fixture.ecdsaTarget(sandbox),
            ExecRequest(
                command: "printf abc",
                onOutput: { kind, bytes in
                    if kind == .stdout { continuation.yield(String(decoding: bytes, as: UTF8.self)) }
                }))
        continuation.finish()
        var seen = ""
        for await chunk in stream { seen += chunk }
        XCTAssertEqual(seen, "abc")
        XCTAssertEqual(Fixture.text(result.stdout), "abc")
    }
}
