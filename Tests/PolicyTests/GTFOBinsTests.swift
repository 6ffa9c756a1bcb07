import AgentPolicy
import Foundation
import XCTest

/// `Fixtures/gtfobins.jsonl`: one row per (binary, function) for every binary GTFOBins lists with a
/// shell, command, reverse-shell, bind-shell, file-write or upload function, plus a `sudo` row
/// (the shell row run through sudo) where it lists a sudo context. The rows were written from
/// GTFOBins' facts with this project's own placeholders: the command run is `/sbin/reboot`, files
/// written land in `/etc/cron.d`, uploads send `~/.ssh/id_ed25519`, and the other end is
/// 203.0.113.9 (a documentation address). None may be allowed in guarded mode, save the known
/// gaps listed in `Fixtures/gtfobins-open.tsv`, which may only shrink.
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

    func loadKnownOpen() throws -> Set<String> {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("gtfobins-open.tsv"), encoding: .utf8)
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
    }

    func testNoneIsAllowedInGuardedMode() throws {
        let rows = try loadRows()
        let knownOpen = try loadKnownOpen()
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
        print("GTFOBins: \(rows.count) rows, \(allowed.count) allowed (known gaps), \(blocked) blocked")
        XCTAssertEqual(allowed.subtracting(knownOpen).sorted(), [], "GTFOBins rows allowed in guarded mode")
        XCTAssertEqual(knownOpen.subtracting(allowed).sorted(), [], "closed gaps still listed in gtfobins-open.tsv")
    }

    /// Readonly mode runs none of them, the known gaps included.
    func testReadonlyAllowsNone() throws {
        let engine = PolicyEngine(config: PolicyConfig(mode: .readonly))
        let allowed = try loadRows().filter { engine.evaluate($0.command).decision == .allow }.map(\.key)
        XCTAssertEqual(allowed, [], "GTFOBins rows allowed in readonly mode")
    }
}
