import AgentContracts
import AgentPolicy
import Foundation
import XCTest

final class WireRecordsTests: XCTestCase {
    let verdict = PolicyEngine().evaluate("rm -rf /etc")

    func testRefusalIsFoundOnlyWithItsExitStatusAndLine() throws {
        let refusal = EnforcerRefusal(verdict: verdict, mode: .guarded, hint: "ask an administrator")
        XCTAssertEqual(refusal.decision, .block)
        XCTAssertEqual(refusal.rules, verdict.decidingRules)
        XCTAssertFalse(refusal.rules.isEmpty)
        let stderr = Array(("some noise\n" + refusal.line + "\n").utf8)
        XCTAssertEqual(EnforcerRefusal.find(exitStatus: EnforcerRefusal.exitStatus, stderr: stderr), refusal)
        XCTAssertNil(EnforcerRefusal.find(exitStatus: 1, stderr: stderr), "another status is a failed command")
        XCTAssertNil(EnforcerRefusal.find(exitStatus: EnforcerRefusal.exitStatus, stderr: Array("exit 77\n".utf8)))
    }

    func testProbeReplyIsFoundInStdoutAndNothingElseIsTakenForOne() throws {
        let reply = ProbeReply(
            version: "0.3.0", mode: .readonly, policyDigest: KeyFingerprint.hexDigest(of: Array("{}".utf8)), signedApprovals: true
        )
        XCTAssertEqual(ProbeReply.find(inStdout: Array((reply.jsonLine + "\n").utf8)), reply)
        XCTAssertNil(ProbeReply.find(inStdout: []))
        XCTAssertNil(
            ProbeReply.find(
                inStdout: Array(
                    #"{"enforcer":"someone-else","version":"1","mode":"guarded","policy_digest":"x","signed_approvals":false,"reserved_line_version":1}"#
                        .utf8)))
        XCTAssertEqual(reply.policyDigest, "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
    }

    func testAuditRecordIsOneLineWithControlCharactersSpelledOut() throws {
        let command = "echo ok\r\u{1B}[2Kls \u{202E}txt.exe\nrm -rf /etc"
        let record = AuditRecord(
            event: .decision, time: Date(timeIntervalSince1970: 1_764_702_344), user: "agent",
            connection: SSHConnectionInfo("192.0.2.7 50122 192.0.2.1 22"), keyFingerprint: "SHA256:abc",
            execID: "00000000000000ff", mode: .guarded, command: command, verdict: verdict,
            confirmation: .init(kind: .none))
        let line = record.jsonLine
        XCTAssertFalse(line.contains("\n"))
        XCTAssertEqual(record.time, "2025-12-02T19:05:44Z")
        XCTAssertEqual(record.command, #"echo ok\x0d\x1b[2Kls \u{202E}txt.exe\x0arm -rf /etc"#)
        XCTAssertEqual(record.sourceAddress, "192.0.2.7")
        XCTAssertEqual(record.sourcePort, 50122)
        XCTAssertEqual(AuditRecord(line: "Dec  2 19:05:44 host ssh-for-agents[42]: " + line), record)
        XCTAssertTrue(line.contains(#""exec_id":"00000000000000ff""#), line)
        XCTAssertNil(AuditRecord(line: "not a record"))
    }

    func testAuditCommandIsCappedOnACharacterBoundary() {
        let record = AuditRecord(
            event: .decision, time: Date(), user: "agent", connection: nil, keyFingerprint: nil, execID: nil,
            mode: nil, command: String(repeating: "é", count: AuditRecord.maxCommandBytes),
            verdict: verdict, confirmation: .init(kind: .none))
        XCTAssertEqual(record.commandTruncated, true)
        XCTAssertLessThanOrEqual(record.command.utf8.count, AuditRecord.maxCommandBytes)
        XCTAssertTrue(record.command.allSatisfy { $0 == "é" })
    }

    func testVisibleTextNamesWhatItEscaped() {
        XCTAssertEqual(VisibleText("ls -l").escapedCount, 0)
        let shown = VisibleText("rm x\u{7}\u{200B}\ny")
        XCTAssertEqual(shown.text, "rm x\\x07\\u{200B}\ny")
        XCTAssertEqual(shown.escapedCount, 2)
    }

    func testKeyFingerprintMatchesOpenSSH() {
        // ssh-keygen prints SHA256 of the blob, base64 without padding; SHA-256 of "" is well known.
        XCTAssertEqual(KeyFingerprint.sha256(ofKeyBlob: []), "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")
    }

    func testVerdictWording() {
        let verdict = PolicyEngine().evaluate("rm /tmp/x; ls")
        XCTAssertEqual(verdict.decision, .needsConfirmation)
        XCTAssertEqual(verdict.summary, verdict.deciding.map { "\($0.rule): \($0.message)" }.joined(separator: "; "))
        XCTAssertTrue(verdict.concerns.allSatisfy { $0.decision != .allow })
        XCTAssertEqual(PolicyEngine().evaluate("ls").summary, "allow")
    }
}
