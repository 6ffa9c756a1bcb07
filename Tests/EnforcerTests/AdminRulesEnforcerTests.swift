import AgentContracts
import AgentPolicy
import EnforcerCore
import Foundation
import TestProcesses
import XCTest

/// The policy file's `rules` on a real enforcer: applied to what runs, named in refusals and in
/// the audit trail; a bad list refuses every command (fail closed, as any bad key).
final class AdminRulesEnforcerTests: XCTestCase {
    func testPolicyFileRulesParse() throws {
        let policy = try EnforcerPolicy.parse(
            Array(
                #"{"rules": [{"id": "local.no-pg-stop", "match": ["systemctl", "stop", "postgresql*"], "decision": "block", "reason": "db"}]}"#
                    .utf8), defaultHostAlias: "web1")
        XCTAssertEqual(policy.settings.engine.adminRules.map(\.id), ["local.no-pg-stop"])
        XCTAssertThrowsError(
            try EnforcerPolicy.parse(
                Array(#"{"rules": [{"id": "local.x", "match": ["rm", "[a"], "decision": "block", "reason": "r"}]}"#.utf8),
                defaultHostAlias: "web1")
        ) {
            XCTAssertTrue("\($0)".contains("rules[0].match[1]"), "\($0)")
        }
    }

    func testRulesDecideOnTheServerAndAreAudited() async throws {
        let rules =
            #""rules": [{"id": "local.no-echo-secret", "match": ["echo", "secret*"], "decision": "block", "reason": "no secrets"},"#
            + #"{"id": "local.scratch", "match": ["rm", "-rf", "*/scratch"], "decision": "allow", "reason": "scratch is disposable"}]"#
        let server = try await EnforcedServer.start(extra: rules)
        let blocked = try server.ssh("sudo -n env A=1 echo secret-value")
        XCTAssertEqual(blocked.stdout, "", blocked.stderr)
        XCTAssertEqual(blocked.status, EnforcerRefusal.exitStatus, blocked.stderr)
        XCTAssertEqual(blocked.refusal?.decision, .block, blocked.stderr)
        XCTAssertTrue(blocked.refusal?.rules.contains("local.no-echo-secret") == true, blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("no secrets"), blocked.stderr)
        let blockRecord = try XCTUnwrap(try server.auditRecords().last { $0.command == "sudo -n env A=1 echo secret-value" })
        XCTAssertEqual(blockRecord.decision, .block)
        XCTAssertTrue(blockRecord.rules.contains("local.no-echo-secret"), "\(blockRecord.rules)")

        // rm -rf needs confirmation by default; the admin's allow lets this one run, and says so.
        XCTAssertEqual(try server.ssh("mkdir -p ~/scratch && touch ~/scratch/f").status, 0)
        let allowed = try server.ssh("rm -rf ~/scratch && echo gone")
        XCTAssertEqual(allowed.stdout, "gone\n", allowed.stderr)
        let allowRecord = try XCTUnwrap(try server.auditRecords().last { $0.command == "rm -rf ~/scratch && echo gone" })
        XCTAssertEqual(allowRecord.decision, .allow)
        XCTAssertEqual(allowRecord.rules, ["local.scratch"])
        // Not matched: still needs confirmation.
        XCTAssertEqual(try server.ssh("rm -rf ~/other").refusal?.decision, .needsConfirmation)
    }

    /// `ssh-for-agents-enforcer check --explain`: the built binary names the admin rule that decided.
    func testCheckExplainNamesTheAdminRule() throws {
        let directory = try TemporaryDirectory(mode: 0o755)
        let policy = directory.path + "/policy.json"
        try Data(
            #"{"rules": [{"id": "local.no-pg-stop", "match": ["systemctl", "stop", "postgresql*"], "decision": "block", "reason": "db stays up"}]}"#
                .utf8
        ).write(to: URL(fileURLWithPath: policy))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltBinaries.path("ssh-for-agents-enforcer"))
        process.arguments = ["check", "--policy", policy, "--explain", "timeout 5 systemctl stop postgresql"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 11, output)
        XCTAssertTrue(
            output.contains(
                "decided: local.no-pg-stop (block, an administrator's rule from the policy's rules)\n    why: db stays up"),
            output)
    }

    func testABadRulesListRefusesEveryCommand() async throws {
        let server = try await EnforcedServer.start()
        try server.writePolicyText(
            #"{"mode": "guarded", "audit": {"file": "\#(server.auditPath)"}, "rules": [{"id": "rm.root", "match": ["rm"], "decision": "allow", "reason": "r"}]}"#
        )
        let output = try server.ssh("echo ran")
        XCTAssertEqual(output.stdout, "", output.stderr)
        XCTAssertEqual(output.status, EnforcerRefusal.exitStatus, output.stderr)
        XCTAssertEqual(output.refusal?.rules.first, EnforcerRule.policyUnavailable.rawValue, output.stderr)
        XCTAssertTrue(output.stderr.contains("rules[0].id"), output.stderr)
    }
}
