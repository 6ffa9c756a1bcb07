import AgentContracts
import EnforcerCore
import Foundation
import TestProcesses
import XCTest

/// Our own client keeps working through the enforcer: `ssh-for-agents-run` sends the reserved
/// exec line first, the enforcer strips it, judges the rest and runs it.
final class ClientThroughEnforcerTests: XCTestCase {
    func testRunThroughTheEnforcer() async throws {
        let server = try await EnforcedServer.start()
        let hosts = server.directory.path + "/hosts.json"
        try server.sandbox.writeHostsJSON(to: hosts)
        let run =
            (try BuiltBinaries.path("ssh-for-agents-enforcer") as NSString).deletingLastPathComponent + "/ssh-for-agents-run"
        guard FileManager.default.isExecutableFile(atPath: run) else { throw XCTSkip("\(run) is not built") }
        let output = try LocalProgram.run(run, ["run", "--config", hosts, "sandbox-ecdsa", "echo out; echo err >&2; exit 5"])
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

    /// A command longer than one argv string (a 300 KB heredoc) travels on stdin (`stdin=N`), is
    /// judged whole, and reaches the shell on descriptor 3, which the command itself no longer sees.
    func testACommandLongerThanArgvRunsThroughTheEnforcer() async throws {
        let server = try await EnforcedServer.start()
        let hosts = server.directory.path + "/hosts.json"
        try server.sandbox.writeHostsJSON(to: hosts)
        let run =
            (try BuiltBinaries.path("ssh-for-agents-enforcer") as NSString).deletingLastPathComponent + "/ssh-for-agents-run"
        guard FileManager.default.isExecutableFile(atPath: run) else { throw XCTSkip("\(run) is not built") }
        let lines = (0..<20_000).map { "line \($0) of a long configuration file" }
        let body = lines.joined(separator: "\n") + "\n"
        let command =
            "cat > long.txt <<'EOF'\n\(body)EOF\nwc -c < long.txt; if [ -e /dev/fd/3 ]; then echo fd3-open; else echo fd3-closed; fi"
        XCTAssertGreaterThan(command.utf8.count, Judgement.Launch.longestInlineScript)
        // Too long for the CLI's own argv as well: `-` reads it from stdin.
        let output = try LocalProgram.run(run, ["run", "--config", hosts, "sandbox-ecdsa", "-"], stdin: command)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout, "\(body.utf8.count)\nfd3-closed\n")
        let records = try server.auditRecords()
        XCTAssertEqual(records.map(\.event), [.decision, .end])
        XCTAssertEqual(records.first?.commandTruncated, true)
        XCTAssertEqual(records.first?.commandSHA256?.count, 64, "a cut command is recorded with its digest")
        XCTAssertEqual(records.last?.exitStatus, 0)
    }
}
