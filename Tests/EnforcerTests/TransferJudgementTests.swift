import AgentPolicy
import XCTest

@testable import EnforcerCore

/// Transfers judged with the policy's own notions of mode and paths.
final class TransferJudgementTests: XCTestCase {
    private func decision(_ command: String, _ mode: PolicyMode) -> Decision {
        var policy = try! EnforcerPolicy.parse(Array(#"{"mode": "\#(mode.rawValue)"}"#.utf8), defaultHostAlias: "h")
        policy.settings.engine.mode = mode
        return Judgement.of(command, policy: policy).verdict.decision
    }

    func testReadsRunWhereReadsDo() {
        for mode in [PolicyMode.readonly, .cautious, .guarded, .unrestricted] {
            XCTAssertEqual(decision("git-upload-pack 'repo.git'", mode), .allow, "\(mode)")
            XCTAssertEqual(decision("rsync --server --sender -vlogDtpre.iLsfxCIvu . /srv/data", mode), .allow, "\(mode)")
            XCTAssertEqual(decision("scp -f -- /srv/data/report.txt", mode), .allow, "\(mode)")
        }
    }

    func testWritesNeedApprovalInGuardedAndAreRefusedInReadonly() {
        for command in ["git-receive-pack 'repo.git'", "rsync --server -vlogDtpre.iLsfxCIvu . /srv/in", "scp -t -- /srv/in"] {
            XCTAssertEqual(decision(command, .guarded), .needsConfirmation, command)
            XCTAssertEqual(decision(command, .cautious), .needsConfirmation, command)
            XCTAssertEqual(decision(command, .readonly), .block, command)
            XCTAssertEqual(decision(command, .unrestricted), .allow, command)
        }
    }

    func testReadingASecretIsJudgedLikeCatOfIt() {
        let pull = decision("rsync --server --sender -vlogDtpre.iLsfxCIvu . ~/.ssh/id_ed25519", .guarded)
        XCTAssertNotEqual(pull, .allow)
        XCTAssertEqual(pull, decision("cat ~/.ssh/id_ed25519", .guarded))
    }

    func testSFTPIsASessionReadOnlyInReadonlyAndCautious() throws {
        var policy = try EnforcerPolicy.parse(
            Array(#"{"mode": "readonly", "sftp_server": "/bin/true"}"#.utf8), defaultHostAlias: "h")
        XCTAssertEqual(
            try Judgement.of("/usr/lib/openssh/sftp-server", policy: policy).launch.get(),
            .sftp(server: "/bin/true", arguments: ["-R"]))
        policy.settings.engine.mode = .cautious
        XCTAssertEqual(
            try Judgement.of("/usr/lib/openssh/sftp-server -l INFO", policy: policy).launch.get(),
            .sftp(server: "/bin/true", arguments: ["-l", "INFO", "-R"]), "writes would go unapproved")
        // An "-R" sent as another option's value does not make the session read-only.
        for sent in [["-P", "-R"], ["-d", "-R"], ["-R"]] {
            XCTAssertEqual(
                try Judgement.of("/usr/lib/openssh/sftp-server " + sent.joined(separator: " "), policy: policy).launch.get(),
                .sftp(server: "/bin/true", arguments: sent + ["-R"]), "\(sent)")
        }
        policy.settings.engine.mode = .guarded
        XCTAssertEqual(
            try Judgement.of("/usr/lib/openssh/sftp-server", policy: policy).launch.get(),
            .sftp(server: "/bin/true", arguments: []))
        policy.sftpServer = "/nonexistent/sftp-server"
        XCTAssertThrowsError(try Judgement.of("internal-sftp", policy: policy).launch.get()) { error in
            XCTAssertEqual((error as? ReasonError)?.reason.rule, EnforcerRule.sftpServerMissing.rawValue)
        }
    }

    func testTheShellGetsTheLineWithoutTheApproval() {
        let launch = Judgement.Launch.shell(command: "echo hi")
        XCTAssertEqual(launch.arguments(id: "abc"), ["/bin/sh", "-c", "trap : EXIT # ssh-for-agents/1 exec id=abc\necho hi"])
    }
}
