import AgentContracts
import AgentPolicy
import Foundation
import XCTest

/// The `rules` key of a policy block: read into `AdminRule`s, every problem naming its field.
final class AdminRulesBlockTests: XCTestCase {
    private func read(_ json: String) throws -> PolicySettings {
        try PolicyBlock.read(JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)), over: PolicySettings())
    }

    func testReadsRules() throws {
        let settings = try read(
            #"{"rules": [{"id": "local.no-pg-stop", "match": ["systemctl", "stop", "postgresql*"], "decision": "block", "reason": "db"},"#
                + #"{"id": "local.ok", "match": ["make", "test"], "decision": "allow", "reason": "tests"}]}"#)
        XCTAssertEqual(
            settings.engine.adminRules,
            [
                try AdminRule(
                    id: "local.no-pg-stop", match: ["systemctl", "stop", "postgresql*"], decision: .block, reason: "db"),
                try AdminRule(id: "local.ok", match: ["make", "test"], decision: .allow, reason: "tests"),
            ])
        XCTAssertEqual(PolicyEngine(config: settings.engine).evaluate("sudo systemctl stop postgresql").decision, .block)
        XCTAssertEqual(try read("{}").engine.adminRules, [])
    }

    func testBadRulesNameTheField() {
        let good = #""match": ["rm"], "decision": "block", "reason": "r""#
        let cases: [(String, String)] = [
            (#"{"rules": {}}"#, "policy.rules"),
            (#"{"rules": ["rm"]}"#, "policy.rules[0]"),
            (#"{"rules": [{"match": ["rm"], "decision": "block", "reason": "r"}]}"#, "policy.rules[0].id"),
            (#"{"rules": [{"id": "no-prefix", \#(good)}]}"#, "policy.rules[0].id"),
            (#"{"rules": [{"id": "rm.root", \#(good)}]}"#, "policy.rules[0].id"),
            (#"{"rules": [{"id": "local.a", \#(good)}, {"id": "local.a", \#(good)}]}"#, "policy.rules[1].id"),
            (#"{"rules": [{"id": "local.a", "decision": "block", "reason": "r"}]}"#, "policy.rules[0].match"),
            (#"{"rules": [{"id": "local.a", "match": "rm", "decision": "block", "reason": "r"}]}"#, "policy.rules[0].match"),
            (#"{"rules": [{"id": "local.a", "match": [], "decision": "block", "reason": "r"}]}"#, "policy.rules[0].match"),
            (
                #"{"rules": [{"id": "local.a", "match": ["rm", "[x"], "decision": "block", "reason": "r"}]}"#,
                "policy.rules[0].match[1]"
            ),
            (#"{"rules": [{"id": "local.a", "match": ["rm"], "decision": "deny", "reason": "r"}]}"#, "policy.rules[0].decision"),
            (#"{"rules": [{"id": "local.a", "match": ["rm"], "decision": "block"}]}"#, "policy.rules[0].reason"),
            (#"{"rules": [{"id": "local.a", \#(good), "decison": "allow"}]}"#, "policy.rules[0].decison"),
        ]
        for (json, field) in cases {
            XCTAssertThrowsError(try read(json), json) {
                XCTAssertEqual(($0 as? JSONFieldError)?.field, field, "\(json): \($0)")
            }
        }
    }
}

/// `check --explain` (both ends print `Verdict.explanation`): every reason with its id, decision
/// and origin.
final class VerdictExplanationTests: XCTestCase {
    func testExplainsAdminAndBuiltInRules() throws {
        let rules = [
            try AdminRule(
                id: "local.no-pg-stop", match: ["systemctl", "stop", "postgresql*"], decision: .block, reason: "db stays up"),
            try AdminRule(id: "local.rm-ok", match: ["rm"], decision: .allow, reason: "rm is fine here"),
        ]
        let engine = PolicyEngine(config: PolicyConfig(adminRules: rules))
        let blocked = engine.evaluate("sudo systemctl stop postgresql").explanation(mode: .guarded)
        XCTAssertTrue(
            blocked.contains(
                "decided: local.no-pg-stop (block, an administrator's rule from the policy's rules)\n    why: db stays up"),
            blocked)
        let hard = engine.evaluate("rm -rf /").explanation(mode: .guarded)
        XCTAssertTrue(hard.contains("decided: rm.root (block, built-in: deletes the root directory)"), hard)
        XCTAssertTrue(hard.contains("also: local.rm-ok (allow, an administrator's rule from the policy's rules)"), hard)
        let relaxed = engine.evaluate("rm /tmp/x").explanation(mode: .guarded)
        XCTAssertTrue(relaxed.hasPrefix("allow (mode: guarded)"), relaxed)
        XCTAssertTrue(relaxed.contains("decided: local.rm-ok (allow, an administrator's rule"), relaxed)
        XCTAssertTrue(PolicyEngine().evaluate("ls").explanation(mode: .guarded).contains("no rule objected: allow"))
    }
}
