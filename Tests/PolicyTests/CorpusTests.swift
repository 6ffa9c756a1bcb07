import AgentPolicy
import Foundation
import XCTest

/// `Fixtures/corpus.tsv` (labels explained in `Fixtures/README.md`): labelled commands from other
/// projects' test suites and known bypasses. Prints escapes, false alarms and confirm/block
/// mismatches, and fails on any of the three.
final class CorpusTests: XCTestCase {
    struct Row {
        let command: String
        let label: String
    }

    static func corpusPath() -> String {
        if let path = ProcessInfo.processInfo.environment["POLICY_CORPUS"], !path.isEmpty { return path }
        // Beside this file: Tests/PolicyTests/Fixtures/corpus.tsv.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/corpus.tsv").path
    }

    func loadRows() throws -> [Row] {
        let path = Self.corpusPath()
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            XCTFail("the policy corpus is missing at \(path); set POLICY_CORPUS to its path")
            return []
        }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2 else { return nil }
            return Row(command: String(columns[0]), label: String(columns[1]))
        }
    }

    func testCorpus() throws {
        let rows = try loadRows()
        XCTAssertGreaterThan(rows.count, 200, "the corpus should have its 239 rows")
        let guarded = PolicyEngine(config: PolicyConfig(mode: .guarded))
        let readonly = PolicyEngine(config: PolicyConfig(mode: .readonly))
        let unrestricted = PolicyEngine(config: PolicyConfig(mode: .unrestricted))
        var escapes: [String] = []
        var falseAlarms: [String] = []
        var soft: [String] = []
        for row in rows {
            let inGuarded = guarded.evaluate(row.command)
            let inReadonly = readonly.evaluate(row.command)
            let describe = { (verdict: Verdict) in
                "\(verdict.decision.rawValue) \(verdict.reasons.map { "\($0.rule): \($0.message)" })"
            }
            switch row.label {
            case "allow_readonly":
                if inGuarded.decision != .allow { falseAlarms.append("guarded: \(row.command) → \(describe(inGuarded))") }
                if inReadonly.decision != .allow { falseAlarms.append("readonly: \(row.command) → \(describe(inReadonly))") }
            case "allow_guarded":
                if inGuarded.decision != .allow { falseAlarms.append("guarded: \(row.command) → \(describe(inGuarded))") }
                if inReadonly.decision == .allow { escapes.append("readonly: \(row.command)") }
            case "confirm", "block":
                if inGuarded.decision == .allow { escapes.append("guarded: \(row.command)") }
                if inReadonly.decision == .allow { escapes.append("readonly: \(row.command)") }
                let wanted: Decision = row.label == "block" ? .block : .needsConfirmation
                if inGuarded.decision != .allow, inGuarded.decision != wanted {
                    soft.append("\(row.label): \(row.command) → \(describe(inGuarded))")
                }
            default:
                XCTFail("unknown label \(row.label)")
            }
            let parseable = inGuarded.reasons.allSatisfy { $0.rule != "parse.unparseable" }
            if parseable { XCTAssertEqual(unrestricted.evaluate(row.command).decision, .allow, "unrestricted: \(row.command)") }
        }
        print(
            "policy corpus: \(rows.count) rows, \(escapes.count) escapes, \(falseAlarms.count) false alarms, \(soft.count) confirm/block mismatches"
        )
        for line in escapes { print("  ESCAPE \(line)") }
        for line in falseAlarms { print("  FALSE ALARM \(line)") }
        for line in soft { print("  SOFT \(line)") }
        XCTAssertEqual(escapes, [], "commands that must not be allowed were allowed")
        XCTAssertEqual(falseAlarms, [], "everyday commands were flagged")
        XCTAssertEqual(soft, [], "dangerous commands got confirmation where the label says block, or the reverse")
    }
}
