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
