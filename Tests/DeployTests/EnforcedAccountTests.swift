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
        if allowed.stderr.contains("not built yet") {
            throw XCTSkip("the enforcer's run path is not on this branch yet: \(allowed.stderr)")
        }
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

        let blocked = try Program.run(fixture.enforcerPath, ["audit", "--file", fixture.auditPath, "--decision", "block", "--json"])
        XCTAssertEqual(blocked.status, 0, blocked.both)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(blocked.stdout.utf8)) as? [String: Any])
        let commands = (report["records"] as? [[String: Any]])?.compactMap { $0["command"] as? String }
        XCTAssertEqual(commands, ["rm -rf /"])
        XCTAssertEqual((report["top_sources"] as? [[String: Any]])?.first?["address"] as? String, "127.0.0.1")
    }
}
