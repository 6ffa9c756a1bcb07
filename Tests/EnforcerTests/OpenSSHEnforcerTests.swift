// The enforcer behind the OpenSSH transport: the reserved first line and the probe are plain
// command text, so they arrive as the libssh2 pool sends them; the enforcer strips the line,
// judges, refuses, answers the probe and the cancel line the same way.
import AgentContracts
import Foundation
import OpenSSHTransport
import RemoteAccess
import XCTest

final class OpenSSHEnforcerTests: XCTestCase {
    func testTheEnforcerJudgesRefusesAndAnswersBehindOpenSSH() async throws {
        let server = try await EnforcedServer.start()
        let sandbox = server.sandbox
        let runtime = "/tmp/sfa-o-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_RUNTIME_DIR"] = runtime
        let transport = OpenSSHTransport(environment: environment)
        addTeardownBlock { await transport.stopMasters() }
        let target = SSHTarget(
            hostname: sandbox.host, port: sandbox.port, username: sandbox.username,
            authentication: .privateKey(path: sandbox.ecdsaKeyPath, passphraseEnvironmentVariable: nil),
            hostKeyVerification: .knownHosts(files: [sandbox.knownHostsPath]), transport: .openssh)

        let allowed = try await transport.exec(target, ExecRequest(command: "mkdir -p ~/victim; echo hi; exit 3"))
        XCTAssertEqual(String(decoding: allowed.stdout.bytes, as: UTF8.self), "hi\n")
        XCTAssertEqual(allowed.exitStatus, 3)
        let decision = try XCTUnwrap(try server.auditRecords().first { $0.command == "mkdir -p ~/victim; echo hi; exit 3" })
        XCTAssertNotNil(decision.execID, "the reserved line reached the enforcer and was stripped")

        let refused = try await transport.exec(target, ExecRequest(command: "rm -rf ~/victim"))
        let refusal = try XCTUnwrap(
            EnforcerRefusal.find(exitStatus: refused.exitStatus, stderr: refused.stderr.bytes),
            String(decoding: refused.stderr.bytes, as: UTF8.self))
        XCTAssertEqual(refusal.decision, .needsConfirmation)

        let token = ApprovalToken.unsigned(expiry: Int64(Date().timeIntervalSince1970) + 60)
        let approved = try await transport.exec(
            target, ExecRequest(command: "rm -rf ~/victim && echo gone", approval: token.text))
        XCTAssertEqual(String(decoding: approved.stdout.bytes, as: UTF8.self), "gone\n")
        let approvedRecord = try XCTUnwrap(try server.auditRecords().last { $0.command == "rm -rf ~/victim && echo gone" })
        XCTAssertEqual(approvedRecord.confirmation, AuditRecord.Confirmation(kind: .unsigned, tokenID: token.nonce))

        let probe = try await transport.exec(target, ExecRequest(command: ReservedLine.probe.text, isReservedLine: true))
        let reply = try XCTUnwrap(ProbeReply.find(inStdout: probe.stdout.bytes))
        XCTAssertEqual(reply.mode, .guarded)

        // A timeout ends the command through the enforcer's own cancel verb.
        let id = UInt32.random(in: 0...UInt32.max)
        let timed = try await transport.exec(target, ExecRequest(command: "echo started; sleep 305.\(id)", timeout: .seconds(2)))
        XCTAssertTrue(timed.timedOut)
        XCTAssertEqual(String(decoding: timed.stdout.bytes, as: UTF8.self), "started\n")
        let gone = try await transport.exec(target, ExecRequest(command: "pgrep -c -f 'sleep 305[.]\(id)' || true"))
        XCTAssertEqual(String(decoding: gone.stdout.bytes, as: UTF8.self), "0\n", "the sleep outlived the timeout")
    }
}
