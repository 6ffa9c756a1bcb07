import AgentContracts
import AgentPolicy
import AuditQuery
import Foundation
import XCTest

/// The audit query reads the filter fields with its own small JSON scanner; these lines are the
/// ones where such a scanner goes wrong: escapes, nulls, odd spacing, broken or mistyped values.
final class AuditLineScanningTests: XCTestCase {
    var log: AuditLogFixture!
    let now = AuditTime(AuditLogFixture.time(minute: 60))

    override func setUpWithError() throws { log = try AuditLogFixture() }
    override func tearDown() { log.remove() }

    func query(_ arguments: [String], lines: [String]) throws -> AuditReport {
        try log.write(lines)
        return try AuditCommand.query(AuditQueryOptions.parse(arguments, now: now), auditFile: log.path)
    }

    /// A hand-written record, spaced and escaped as no encoder of ours would write it.
    let unusual = #"""
        { "event" : "decision", "time":"2026-12-03T10:05:00Z", "user" : "a\"gent\u00e9", "source_address": null,
          "exec_id": null, "mode": "guarded", "command": "echo \"{}\" \\ \ud83d\ude00", "decision": "block",
          "rules": ["rm.root", "x\/y"], "reasons": [{"rule": "rm.root", "decision": "block", "message": "m \"q\""},
          {"rule": "other.rule", "decision": "allow", "message": "", "extra": [1, 2.5e3, true, false, null, {"k": []}]}],
          "confirmation": {"kind": "none"}, "unknown_later_field": {"nested": "ok"} }
        """#.replacingOccurrences(of: "\n", with: " ")

    func testEscapesNullsSpacingAndUnknownFieldsAreReadLikeJSONDecoderReadsThem() throws {
        let report = try query(["--user", "a\"gent\u{e9}", "--rule", "other.rule"], lines: [unusual])
        XCTAssertEqual(report.matched, 1)
        XCTAssertEqual(report.malformedLines, 0)
        let record = try XCTUnwrap(report.records.first)
        XCTAssertEqual(record.command, "echo \"{}\" \\ \u{1F600}")
        XCTAssertEqual(record.rules, ["rm.root", "x/y"])
        XCTAssertNil(record.sourceAddress)
        XCTAssertEqual(report.topSources.first?.name, "local", "no address is counted as local")
        XCTAssertEqual(try query(["--rule", "x/y"], lines: [unusual]).matched, 1, "an escaped slash is a slash")
    }

    func testBrokenAndMistypedLinesAreMalformed() throws {
        let good = AuditLogFixture.decision("ls", minute: 1).jsonLine
        let broken = [
            good + " trailing", // something after the object
            String(good.dropLast()), // cut short
            good.replacingOccurrences(of: #""decision":"allow""#, with: #""decision":"maybe""#),
            good.replacingOccurrences(of: #""rules":[]"#, with: #""rules":"none""#),
            good.replacingOccurrences(of: #""user":"agent""#, with: #""user":7"#),
            good.replacingOccurrences(of: #""time":"#, with: #""tim":"#), // a required field missing
            good.replacingOccurrences(of: #""command":"ls""#, with: "\"command\":\"l\u{01}s\""), // raw control char
            "{}",
            "[1, 2]",
        ]
        let report = try query([], lines: [good] + broken)
        XCTAssertEqual(report.matched, 1, "only the intact line")
        XCTAssertEqual(report.malformedLines, broken.count)
    }
}
