import AgentContracts
import EnforcerCore
import Foundation
import XCTest

/// Our own client keeps working through the enforcer: `ssh-for-agents-run` sends the reserved
/// exec line first, the enforcer strips it, judges the rest and runs it.
final class ClientThroughEnforcerTests: XCTestCase {
    func testRunThroughTheEnforcer() async throws {
        let server = try await EnforcedServer.start()
        let hosts = server.directory.path + "/hosts.json"
        try server.sandbox.writeHostsJSON(to: hosts)
        let run = (try EnforcerBinary.path() as NSString).deletingLastPathComponent + "/ssh-for-agents-run"
        guard FileManager.default.isExecutableFile(atPath: run) else { throw XCTSkip("\(run) is not built") }
        let output = try EnforcedServer.run(run, ["--config", hosts, "run", "sandbox-ecdsa", "echo out; echo err >&2; exit 5"])
        XCTAssertEqual(output.status, 5, output.stderr)
        XCTAssertEqual(output.stdout, "out\n")
        XCTAssertEqual(output.stderr, "err\n")
        let records = try server.auditRecords()
        XCTAssertEqual(records.map(\.event), [.decision, .end])
        XCTAssertEqual(records.first?.command, "echo out; echo err >&2; exit 5")
        XCTAssertEqual(records.last?.exitStatus, 5)
        // The exec id the client sent is the one recorded (what its cancel relies on).
        XCTAssertEqual(records.first?.execID?.count, 16)
    }
}
