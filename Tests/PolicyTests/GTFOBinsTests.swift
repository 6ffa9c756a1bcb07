import AgentPolicy
import Foundation
import XCTest

/// `Fixtures/gtfobins.jsonl`: one row per (binary, function) for every binary GTFOBins lists with a
/// shell, command, reverse-shell, bind-shell, file-write or upload function, plus a `sudo` row
/// (the shell row run through sudo) where it lists a sudo context. The rows were written from
/// GTFOBins' facts with this project's own placeholders: the command run is `/sbin/reboot`, files
/// written land in `/etc/cron.d`, uploads send `~/.ssh/id_ed25519`, and the other end is
/// 203.0.113.9 (a documentation address). None may be allowed in guarded mode, save the rows
/// `Fixtures/gtfobins-judged.tsv` lists with the reason why that command, as an agent sends it
/// over SSH, cannot do what GTFOBins describes.
final class GTFOBinsTests: XCTestCase {
    struct Row: Decodable {
        let binary: String
        let function: String
        let command: String
        var key: String { "\(binary)\t\(function)" }
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func loadRows() throws -> [Row] {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("gtfobins.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Row.self, from: Data($0.utf8)) }
    }

    /// "binary<TAB>function" → why it is allowed.
    func loadJudged() throws -> [String: String] {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("gtfobins-judged.tsv"), encoding: .utf8)
        var judged: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(fields.count, 3, "a judged row needs binary, function and a reason: \(line)")
            guard fields.count == 3 else { continue }
            XCTAssertGreaterThan(fields[2].count, 20, "a judged row needs a real reason: \(line)")
            XCTAssertNil(judged.updateValue(fields[2], forKey: "\(fields[0])\t\(fields[1])"), "listed twice: \(line)")
        }
        return judged
    }

    func testNoneIsAllowedInGuardedMode() throws {
        let rows = try loadRows()
        let judged = Set(try loadJudged().keys)
        XCTAssertGreaterThan(rows.count, 600, "the GTFOBins fixture should have its 616 rows")
        let functions = Set(rows.map(\.function))
        XCTAssertEqual(functions, ["shell", "command", "reverse-shell", "bind-shell", "file-write", "upload", "sudo"])
        let engine = PolicyEngine(config: PolicyConfig(mode: .guarded))
        var allowed: Set<String> = []
        var blocked = 0
        for row in rows {
            let verdict = engine.evaluate(row.command)
            if verdict.decision == .allow { allowed.insert(row.key) }
            if verdict.decision == .block { blocked += 1 }
        }
        print("GTFOBins: \(rows.count) rows, \(allowed.count) allowed (judged), \(blocked) blocked")
        XCTAssertEqual(allowed.subtracting(judged).sorted(), [], "GTFOBins rows allowed in guarded mode")
        XCTAssertEqual(judged.subtracting(allowed).sorted(), [], "rows no longer allowed still listed in gtfobins-judged.tsv")
    }

    /// Readonly mode runs none of them, the judged rows included.
    func testReadonlyAllowsNone() throws {
        let engine = PolicyEngine(config: PolicyConfig(mode: .readonly))
        let allowed = try loadRows().filter { engine.evaluate($0.command).decision == .allow }.map(\.key)
        XCTAssertEqual(allowed, [], "GTFOBins rows allowed in readonly mode")
    }
}
