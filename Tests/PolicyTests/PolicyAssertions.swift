import AgentPolicy
import XCTest

/// Table-driven checks: each row is a command and the decision the policy must reach.
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
