import AgentPolicy
import XCTest

/// What a row expects: allowed, or a decision together with the rule that must reach it, so a
/// row cannot pass for the wrong reason (a typo that makes the command unparseable, say).
enum Expected: Equatable {
    case allow
    case confirm(RuleID)
    case block(RuleID)

    var decision: Decision {
        switch self {
        case .allow: .allow
        case .confirm: .needsConfirmation
        case .block: .block
        }
    }

    var rule: RuleID? {
        switch self {
        case .allow: nil
        case .confirm(let rule), .block(let rule): rule
        }
    }
}

/// Table-driven checks: each row is a command, the decision the policy must reach and the rule
/// that must reach it (one of the reasons carrying that decision).
func assertVerdicts(
    _ rows: [(String, Expected)], mode: PolicyMode = .guarded, file: StaticString = #filePath, line: UInt = #line
) {
    let engine = PolicyEngine(config: PolicyConfig(mode: mode))
    for (command, expected) in rows {
        let verdict = engine.evaluate(command)
        let described = "\(verdict.decision.rawValue) \(verdict.reasons.map { "\($0.rule): \($0.message)" })"
        XCTAssertEqual(verdict.decision, expected.decision, "\(mode.rawValue): \(command) → \(described)", file: file, line: line)
        if let rule = expected.rule {
            XCTAssertTrue(
                verdict.reasons.contains { $0.rule == rule.rawValue && $0.decision == expected.decision },
                "\(mode.rawValue): \(command) should be decided by \(rule.rawValue) → \(described)", file: file, line: line)
        }
    }
}

/// Decisions only, for hosts with their own configuration (extra deny or allow lists).
func assertDecisions(
    _ rows: [(String, Decision)], mode: PolicyMode = .guarded, config: PolicyConfig? = nil,
    file: StaticString = #filePath, line: UInt = #line
) {
    let engine = PolicyEngine(config: config ?? PolicyConfig(mode: mode))
    for (command, expected) in rows {
        let verdict = engine.evaluate(command)
        XCTAssertEqual(
            verdict.decision, expected,
            "\(mode.rawValue): \(command) → \(verdict.decision.rawValue) \(verdict.reasons.map { "\($0.rule): \($0.message)" })",
            file: file, line: line)
    }
}

/// The rule ids a command triggers.
func rules(_ command: String, mode: PolicyMode = .guarded) -> [String] {
    PolicyEngine(config: PolicyConfig(mode: mode)).evaluate(command).reasons.map(\.rule)
}
