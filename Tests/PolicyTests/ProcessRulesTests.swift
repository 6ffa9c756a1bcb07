import AgentPolicy
import XCTest

/// Signals to other processes and fork bombs (`Rules/ProcessRules.swift`). Guarded mode unless said
/// otherwise.
final class ProcessRulesTests: XCTestCase {
    func testSignalsAndForkBombs() {
        assertDecisions([
            ("kill -9 1", .needsConfirmation), ("pkill nginx", .needsConfirmation), ("kill -l", .allow),
            (":(){ :|:& };:", .block),
            ("bomb(){ bomb|bomb& };bomb", .block),
        ])
    }

    /// Found by comparing with a second, independently written engine.
    func testSignalToEveryProcess() {
        assertDecisions([
            ("kill -9 -1", .block), ("kill -1 1234", .needsConfirmation),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testSignalZeroOnlyChecks() {
        assertDecisions([
            ("kill -0 1234", .allow)
        ])
    }
}
