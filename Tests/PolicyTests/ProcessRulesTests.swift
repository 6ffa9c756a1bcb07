import AgentPolicy
import XCTest

/// Signals to other processes and fork bombs (`Rules/ProcessRules.swift`). Guarded mode unless said
/// otherwise.
final class ProcessRulesTests: XCTestCase {
    func testSignalsAndForkBombs() {
        assertVerdicts([
            ("kill -9 1", .confirm(.processKill)), ("pkill nginx", .confirm(.processKill)), ("kill -l", .allow),
            (":(){ :|:& };:", .block(.processForkBomb)),
            ("bomb(){ bomb|bomb& };bomb", .block(.processForkBomb)),
        ])
    }

    /// Found by comparing with a second, independently written engine.
    func testSignalToEveryProcess() {
        assertVerdicts([
            ("kill -9 -1", .block(.processKillAll)), ("kill -1 1234", .confirm(.processKill)),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testSignalZeroOnlyChecks() {
        assertVerdicts([
            ("kill -0 1234", .allow)
        ])
    }
}
