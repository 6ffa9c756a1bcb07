// The OpenSSH transport's exec against a real sshd: the same semantics as the libssh2 pool
// (streams, status, caps, floods, timeouts, cancellation, long commands), one master for many
// calls, and ssh's own failure told apart from a remote exit status of 255.
import Foundation
import OpenSSHTransport
import SSHTransport
import SandboxSSHD
import XCTest

final class OpenSSHExecTests: XCTestCase {
    func testStdoutAndStderrStayApartWithExitStatus() async throws {
        let sandbox = try await Fixture.sandbox()
        let transport = try OpenSSHFixture.transport()
        addTeardownBlock { await transport.stopMasters() }
        let result = try await transport.exec(
            OpenSSHFixture.openSSHTarget(sandbox), ExecRequest(command: "echo out; echo err >&2; exit 3"))
        XCTAssertEqual(Fixture.text(result.stdout), "out\n")
        XCTAssertEqual(Fixture.text(result.stderr), "err\n")
        XCTAssertEqual(result.exitStatus, 3)
        XCTAssertFalse(result.timedOut)
    }

    func testRemoteStatus255IsTheCommandsAndALostMasterIsReplacedUnseen() async throws {
        let sandbox = try await Fixture.sandbox()
        let transport = try OpenSSHFixture.transport()
        addTeardownBlock { await transport.stopMasters() }
        let target = OpenSSHFixture.openSSHTarget(sandbox)
        let remote = try await transport.exec(target, ExecRequest(command: "echo before; exit 255"))
        XCTAssertEqual(remote.exitStatus, 255, "the remote command's own 255 is an exit status, not an ssh failure")
        XCTAssertEqual(Fixture.text(remote.stdout), "before\n")

        // The master goes away between calls (killed, or ControlPersist ran out): the next call
        // notices before anything is sent, starts a new master and runs once.
        await transport.stopMasters()
        let again = try await transport.exec(target, ExecRequest(command: "echo again"))
        XCTAssertEqual(Fixture.text(again.stdout), "again\n")
        XCTAssertEqual(again.exitStatus, 0)
    }

    func testServerGoneIsAnSSHErrorNotAnExitStatus() async throws {
        let sandbox = try await SandboxSSHD.start()
        let transport = try OpenSSHFixture.transport()
        var target = OpenSSHFixture.openSSHTarget(sandbox)
        // stop() removes the sandbox's directory, its keys included: keep a copy of the key.
        let key = try Fixture.temporaryDirectory() + "/id_ecdsa"
        try FileManager.default.copyItem(atPath: sandbox.ecdsaKeyPath, toPath: key)
        target.authentication = .privateKey(path: key, passphraseEnvironmentVariable: nil)
        sandbox.stop()
        _ = await assertSSHError({ try await transport.exec(target, ExecRequest(command: "true")) }) {
            if case .connectionRefused(_, let port) = $0 { return port == target.port }
            return false
        }
    }

    func testSixteenParallelCallsShareOneMaster() async throws {
        let sandbox = try await Fixture.sandbox()
        let transport = try OpenSSHFixture.transport()
        addTeardownBlock { await transport.stopMasters() }
        let target = OpenSSHFixture.openSSHTarget(sandbox)
        let before = OpenSSHFixture.logins(sandbox)
        let outputs = try await withThrowingTaskGroup(of: (Int, String, Int32?).self) { group in
            for index in 0..<16 {
                group.addTask {
                    let result = try await transport.exec(target, ExecRequest(command: "echo call-\(index); exit \(index)"))
                    return (index, Fixture.text(result.stdout), result.exitStatus)
                }
            }
            var all: [(Int, String, Int32?)] = []
            for try await output in group { all.append(output) }
            return all
        }
        XCTAssertEqual(outputs.count, 16)
        for (index, text, status) in outputs {
            XCTAssertEqual(text, "call-\(index)\n")
            XCTAssertEqual(status, Int32(index))
        }
        XCTAssertEqual(OpenSSHFixture.logins(sandbox) - before, 1, "one login for all sixteen calls")
    }

    func testOutputCapCountsEverythingAndAnEndlessFloodIsEnded() async throws {
        let sandbox = try await Fixture.sandbox()
        let transport = try OpenSSHFixture.transport()
        addTeardownBlock { await transport.stopMasters() }
        let target = OpenSSHFixture.openSSHTarget(sandbox)
        let capped = try await transport.exec(
            target, ExecRequest(command: "yes | head -c 20000000", timeout: .seconds(60), maxOutputBytes: 1000))
        XCTAssertEqual(capped.stdout.bytes.count, 1000)
        XCTAssertEqual(capped.stdout.totalBytes, 20_000_000)
        XCTAssertTrue(capped.stdout.truncated)
        XCTAssertEqual(capped.exitStatus, 0)

        let flood = try await transport.exec(
            target, ExecRequest(command: "yes sfa-openssh-flood", maxOutputBytes: 1000, discardLimitBytes: 4 << 20))
        XCTAssertTrue(flood.endedForOutputFlood)
        XCTAssertFalse(flood.endUnconfirmed)
        XCTAssertGreaterThan(flood.stdout.totalBytes, 4 << 20)
        XCTAssertTrue(try Fixture.processGone(matching: "yes sfa-openssh-flood"))
    }

    func testTimeoutEndsTheRemoteProcess() async throws {
        let sandbox = try await Fixture.sandbox()
        let transport = try OpenSSHFixture.transport()
        addTeardownBlock { await transport.stopMasters() }
        let marker = "303.\(Int.random(in: 10000...99999))"
        let result = try await transport.exec(
            OpenSSHFixture.openSSHTarget(sandbox),
            ExecRequest(command: "echo started; sleep \(marker) & wait", timeout: .seconds(2)))
        XCTAssertTrue(result.timedOut)
        XCTAssertFalse(result.endUnconfirmed, "the cancel helper confirmed the end")
        XCTAssertEqual(Fixture.text(result.stdout), "started\n")
        XCTAssertNil(result.exitStatus)
        XCTAssertTrue(try Fixture.processGone(matching: "sleep \(marker)", within: 2), "the remote sleep survived the timeout")
    }

    func testCancellationEndsTheRemoteProcess() async throws {
        let sandbox = try await Fixture.sandbox()
        let transport = try OpenSSHFixture.transport()
        addTeardownBlock { await transport.stopMasters() }
        let target = OpenSSHFixture.openSSHTarget(sandbox)
        let marker = "304.\(Int.random(in: 10000...99999))"
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            try await transport.exec(
                target,
                ExecRequest(command: "echo go; sleep \(marker)", onOutput: { _, _ in started.continuation.yield() }))
        }
        for await _ in started.stream { break }
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("a cancelled exec must throw CancellationError")
        } catch is CancellationError {}
        XCTAssertTrue(try Fixture.processGone(matching: "sleep \(marker)", within: 2), "the remote sleep survived cancellation")
    }

    func testLongCommandTravelsOnStdinAndTheReservedLineIsPlainText() async throws {
        let sandbox = try await Fixture.sandbox()
        let transport = try OpenSSHFixture.transport()
        addTeardownBlock { await transport.stopMasters() }
        let target = OpenSSHFixture.openSSHTarget(sandbox)
        let filler = String(repeating: "x", count: 40_000)
        let long = try await transport.exec(target, ExecRequest(command: ": \(filler)\necho long-ok; exit 4"))
        XCTAssertEqual(Fixture.text(long.stdout), "long-ok\n")
        XCTAssertEqual(long.exitStatus, 4)

        // The first line (and so an approval in it) reaches the shell exactly as the libssh2 pool sends it.
        let seen = try await transport.exec(target, ExecRequest(command: "ps -o args= -p $$", approval: "u1.1.abc"))
        XCTAssertTrue(Fixture.text(seen.stdout).contains("# ssh-for-agents/1 exec id="), Fixture.text(seen.stdout))
        XCTAssertTrue(Fixture.text(seen.stdout).contains("approval=u1.1.abc"), Fixture.text(seen.stdout))
    }
}
