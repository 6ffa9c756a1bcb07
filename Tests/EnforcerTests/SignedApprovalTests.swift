import AgentContracts
import Crypto
import EnforcerCore
import Foundation
import XCTest

/// The installed layout: the enforcer setgid to a group that alone reads the approval key, writes
/// the nonces and appends to the audit file; commands run without that group.
final class SignedApprovalTests: XCTestCase {
    let key = SymmetricKey(data: Array(EnforcedServer.keyText.utf8))

    private func token(
        _ server: EnforcedServer, _ command: String, expiry: Int64? = nil, key: SymmetricKey? = nil,
        user: String? = nil
    ) -> String {
        ApprovalToken.signed(
            .init(user: user ?? server.sandbox.username, hostAlias: EnforcedServer.hostAlias, command: command),
            expiry: expiry ?? Int64(Date().timeIntervalSince1970) + 120, key: key ?? self.key
        ).text
    }

    func testOnlyAValidUnusedSignedApprovalRunsACommand() async throws {
        let server = try await EnforcedServer.start(.setgid)
        let command = "rm -rf ~/victim-dir && echo removed"
        XCTAssertEqual(try server.ssh("mkdir -p ~/victim-dir").status, 0)

        func refusedWhy(_ approval: String, _ sent: String = command) throws -> String {
            let output = try server.ssh(ReservedLine.exec(id: "s1", approval: approval).prefixing(sent))
            XCTAssertEqual(output.stdout, "")
            let refusal = try XCTUnwrap(output.refusal, output.stderr)
            XCTAssertEqual(refusal.rules.last, EnforcerRule.approvalRefused.rawValue)
            return refusal.reasons.last?.message ?? ""
        }
        XCTAssertTrue(
            try refusedWhy(token(server, command, key: SymmetricKey(data: Array("forged forged forged forged forged!!".utf8))))
                .contains("does not match"))
        XCTAssertTrue(try refusedWhy(token(server, command, expiry: Int64(Date().timeIntervalSince1970) - 5)).contains("expired"))
        XCTAssertTrue(try refusedWhy(token(server, "rm -rf ~/other"), command).contains("does not match"), "edited command")
        XCTAssertTrue(try refusedWhy(token(server, command, user: "root")).contains("does not match"), "another user")
        XCTAssertTrue(
            try refusedWhy(ApprovalToken.unsigned(expiry: Int64(Date().timeIntervalSince1970) + 60).text).contains("only signed"))

        let valid = token(server, command)
        let output = try server.ssh(ReservedLine.exec(id: "s2", approval: valid).prefixing(command))
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout, "removed\n")
        XCTAssertTrue(try refusedWhy(valid).contains("replayed"))

        let records = try server.auditRecords()
        let signed = try XCTUnwrap(records.first { $0.execID == "s2" && $0.event == .decision })
        XCTAssertEqual(signed.confirmation.kind, .signed)
        XCTAssertEqual(signed.confirmation.tokenID, try ApprovalToken(parsing: valid).nonce)
        XCTAssertEqual(records.filter { $0.confirmation.kind == .refused }.count, 6)
        // The token itself is nowhere in the trail.
        XCTAssertFalse(try String(contentsOfFile: server.auditPath, encoding: .utf8).contains(valid))
    }

    func testAnAllowedCommandCannotReadTheKeyNorWriteTheTrail() async throws {
        let server = try await EnforcedServer.start(.setgid, mode: "unrestricted")
        let group = try EnforcedServer.ensureGroup()
        let output = try server.ssh(
            "cat \(server.keyPath); echo \"cat=$?\"; id -G; echo forged >> \(server.auditPath); echo \"append=$?\"; ls \(server.nonceDirectory) >/dev/null 2>&1; echo \"nonces=$?\""
        )
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertFalse(output.stdout.contains(EnforcedServer.keyText))
        XCTAssertTrue(output.stdout.contains("cat=1"), output.stdout + output.stderr)
        XCTAssertFalse(output.stdout.contains("append=0"), output.stdout + output.stderr)
        XCTAssertTrue(output.stdout.contains("nonces=2"), output.stdout)
        let groups = output.stdout.split(separator: "\n").first { $0.first?.isNumber == true && !$0.contains("=") } ?? ""
        XCTAssertFalse(
            groups.split(separator: " ").contains(Substring(String(group))), "the command still holds group \(group): \(groups)")
        // The enforcer itself could append: the decision and end records are there.
        XCTAssertEqual(try server.auditRecords().map(\.event), [.decision, .end])
    }

    func testAKeyTheAccountCanReadItselfIsRefused() async throws {
        let server = try await EnforcedServer.start(.setgid)
        chmod(server.keyPath, 0o644)
        let output = try server.ssh("echo ran")
        XCTAssertEqual(output.refusal?.rules, [EnforcerRule.approvalKeyUnavailable.rawValue], output.stderr)
        XCTAssertEqual(output.stdout, "")
    }

    func testTheProbeSaysApprovalsMustBeSigned() async throws {
        let server = try await EnforcedServer.start(.setgid)
        let output = try server.ssh(ReservedLine.probe.text)
        XCTAssertEqual(ProbeReply.find(inStdout: Array(output.stdout.utf8))?.signedApprovals, true, output.stderr)
    }
}
