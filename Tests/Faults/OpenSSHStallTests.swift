// Issue 18 with issue 19's faults: the OpenSSH transport on a server whose sessions are frozen
// (SIGSTOP). A command asked for during the stall never ran and says so; one that was running
// when the server froze may still run there and says that; afterwards the host works again.
import Foundation
import OpenSSHTransport
import SSHTransport
import SandboxSSHD
import XCTest

final class OpenSSHStallTests: XCTestCase {
    private func transport() throws -> OpenSSHTransport {
        let runtime = "/tmp/sfa-o-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_RUNTIME_DIR"] = runtime
        return OpenSSHTransport(environment: environment)
    }

    private func target(_ sandbox: SandboxSSHD) -> SSHTarget {
        var target = FaultFixture.target(sandbox)
        target.transport = .openssh
        return target
    }

    func testACommandAskedForDuringAStallWasNotRunAndTheHostRecovers() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let openssh = try transport()
        addTeardownBlock { await openssh.stopMasters() }
        let target = target(sandbox)
        _ = try await openssh.exec(target, ExecRequest(command: "true", timeout: .seconds(10)))
        let frozen = FaultFixture.freezeSessions(of: sandbox)
        XCTAssertFalse(frozen.isEmpty)
        let thawer = Task {
            try? await Task.sleep(for: .seconds(20))
            FaultFixture.thaw(frozen)
        }
        let (during, time) = try await bounded(.seconds(60)) {
            try await openssh.exec(target, ExecRequest(command: "echo during", timeout: .seconds(10)))
        }
        measured("openssh: run_command(timeout 10) during a stall answered after", time)
        switch during {
        case .success(let result): XCTFail("a frozen server ran it? \(result)")
        case .failure(let error):
            guard let error = error as? SSHError else { return XCTFail("not an SSHError: \(error)") }
            switch error {
            case .notRunTimedOut, .connectionStalled(_, _, false):
                XCTAssertTrue("\(error)".contains("not run"), "\(error)")
            default:
                XCTFail("an unclear error for a command that never started: \(error)")
            }
        }
        await thawer.value
        let (after, _) = try await bounded(.seconds(60)) {
            try await openssh.exec(target, ExecRequest(command: "echo after", timeout: .seconds(30)))
        }
        XCTAssertEqual(String(decoding: try after.get().stdout.bytes, as: UTF8.self), "after\n")
    }

    func testAStallWhileACommandRunsSaysItMayStillRun() async throws {
        let sandbox = try await SandboxSSHD.start()
        defer { sandbox.stop() }
        let openssh = try transport()
        addTeardownBlock { await openssh.stopMasters() }
        let target = target(sandbox)
        _ = try await openssh.exec(target, ExecRequest(command: "true", timeout: .seconds(10)))
        async let running = bounded(.seconds(90)) {
            try await openssh.exec(target, ExecRequest(command: "sleep 40", timeout: .seconds(5)))
        }
        try await Task.sleep(for: .seconds(1))
        let frozen = FaultFixture.freezeSessions(of: sandbox)
        defer { FaultFixture.thaw(frozen) }
        let (outcome, time) = try await running
        measured("openssh: stall during a running command (timeout 5) answered after", time)
        switch outcome {
        case .success(let result):
            XCTAssertTrue(result.timedOut)
            XCTAssertTrue(result.endUnconfirmed, "the end of a command on a frozen server cannot be confirmed: \(result)")
        case .failure(let error):
            guard case .connectionStalled(_, _, true) = error as? SSHError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("may still be running"), "\(error)")
        }
    }
}
