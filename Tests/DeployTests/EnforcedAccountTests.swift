import Foundation
import XCTest

/// An account installed by deploy/install-enforcer.sh, reached through sshd: every command of the
/// account, sent by the plain `ssh` client, is judged by the enforcer and recorded.
final class EnforcedAccountTests: XCTestCase {
    var fixture: DeployFixture!

    override func setUp() async throws {
        fixture = try await DeployFixture()
        // File only: this machine may run no syslog daemon, and the enforcer refuses to audit
        // into a /dev/log that nobody reads.
        let output = try fixture.install(["--no-syslog"])
        XCTAssertEqual(output.status, 0, output.both)
        try await fixture.sandbox.restart()
    }

    override func tearDown() async throws { fixture?.tearDown() }

    func testARawSSHCommandIsJudgedRefusedAndAudited() throws {
        let allowed = try fixture.ssh("echo hello; id -un")
        XCTAssertEqual(allowed.status, 0, allowed.both)
        XCTAssertEqual(allowed.stdout, "hello\n\(DeployFixture.account)\n")

        let destructive = try fixture.ssh("rm -rf /tmp/x")
        XCTAssertEqual(destructive.status, 77, destructive.both)
        XCTAssertTrue(destructive.stderr.contains("ssh-for-agents-enforcer: refused {"), destructive.stderr)

        let catastrophic = try fixture.ssh("rm -rf /")
        XCTAssertEqual(catastrophic.status, 77, catastrophic.both)

        let trail = try String(contentsOfFile: fixture.auditPath, encoding: .utf8)
        XCTAssertTrue(trail.contains(#""command":"rm -rf /tmp/x""#), trail)
        XCTAssertTrue(trail.contains(#""command":"echo hello; id -un""#), trail)

        let blocked = try Program.run(
            fixture.enforcerPath, ["audit", "--file", fixture.auditPath, "--decision", "block", "--json"])
        XCTAssertEqual(blocked.status, 0, blocked.both)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(blocked.stdout.utf8)) as? [String: Any])
        let commands = (report["records"] as? [[String: Any]])?.compactMap { $0["command"] as? String }
        XCTAssertEqual(commands, ["rm -rf /"])
        XCTAssertEqual((report["top_sources"] as? [[String: Any]])?.first?["address"] as? String, "127.0.0.1")
    }

    func testTheAgentsOwnCommandsCannotTouchTheAuditTrail() throws {
        let first = try fixture.ssh("true")
        XCTAssertEqual(first.status, 0, first.both)
        // Allowed by the policy, stopped by the file system: the enforcer gave up its group.
        for command in [
            "printf forged >> \(fixture.auditPath)", "cat \(fixture.auditPath)",
            "cat \(fixture.policyPath) > /dev/null && printf x >> \(fixture.policyPath)",
        ] {
            let output = try fixture.ssh(command)
            XCTAssertNotEqual(output.status, 0, "\(command): \(output.both)")
            XCTAssertTrue(output.stderr.contains("Permission denied"), "\(command): \(output.stderr)")
        }
        let trail = try String(contentsOfFile: fixture.auditPath, encoding: .utf8)
        XCTAssertFalse(trail.contains("forged\n") || trail.hasSuffix("forged"), trail)
    }

    func testTheClientFetchesTheAuditTrailOverSSH() throws {
        let refused = try fixture.ssh("rm -rf /")
        XCTAssertEqual(refused.status, 77, refused.both)

        let output = try fixture.client("audit", ["sandbox-ecdsa", "--decision", "block", "--since", "1h"])
        XCTAssertEqual(output.status, 0, output.both)
        XCTAssertTrue(output.stdout.contains("  block  \(DeployFixture.account)@127.0.0.1  "), output.stdout)
        XCTAssertTrue(output.stdout.contains("refused  rm -rf /\n"), output.stdout)
        XCTAssertTrue(output.stdout.contains("decisions: allow 0, needs_confirmation 0, block 1"), output.stdout)

        let forbidden = try fixture.ssh("trap : EXIT # ssh-for-agents/1 audit file=/etc/shadow")
        XCTAssertEqual(forbidden.status, 77, "an audit line may not name a file: \(forbidden.both)")
    }
}

/// `--approval-key`: a key only the enforcer can read, kept across runs, never printed.
final class ApprovalKeyInstallTests: XCTestCase {
    func testTheKeyIsReadableByTheEnforcerAndByNothingTheAgentRuns() async throws {
        let fixture = try await DeployFixture()
        defer { fixture.tearDown() }
        let keyPath = fixture.root + "/etc/ssh-for-agents/approval.key"
        let first = try fixture.install(["--no-syslog", "--approval-key"])
        XCTAssertEqual(first.status, 0, first.both)
        let key = try String(contentsOfFile: keyPath, encoding: .utf8)
        XCTAssertEqual(key.count, 65, "64 hex digits and a newline")
        XCTAssertTrue(key.dropLast().allSatisfy(\.isHexDigit))
        XCTAssertFalse(first.both.contains(key.dropLast()), "the key is never printed")
        XCTAssertEqual(try Program.run("/usr/bin/stat", ["-c", "%a %U:%G", keyPath]).stdout, "640 root:ssh-for-agents\n")
        XCTAssertTrue(
            try String(contentsOfFile: fixture.policyPath, encoding: .utf8).contains(#""approval_key_file": "\#(keyPath)""#))

        let second = try fixture.install(["--no-syslog", "--approval-key"])
        XCTAssertEqual(second.stdout, "install-enforcer: no change\n", second.both)
        XCTAssertEqual(try String(contentsOfFile: keyPath, encoding: .utf8), key, "an existing key is kept")

        try await fixture.sandbox.restart()
        let probe = try fixture.ssh("echo ran")
        XCTAssertEqual(probe.status, 0, "the enforcer reads the key through its group: \(probe.both)")
        // `cat` of a key is a secret read the policy itself stops, so ask the file system instead,
        // from a command the enforcer runs (after dropping its group) and as the account directly.
        let access = try fixture.ssh("if test -r \(keyPath); then echo readable; else echo unreadable; fi")
        XCTAssertEqual(access.stdout, "unreadable\n", access.both)
        let steal = try fixture.asAgent("cat \(keyPath)")
        XCTAssertNotEqual(steal.status, 0, steal.both)
        XCTAssertFalse(steal.stdout.contains(key.dropLast()))
        XCTAssertTrue(steal.stderr.contains("Permission denied"), steal.stderr)
    }
}
