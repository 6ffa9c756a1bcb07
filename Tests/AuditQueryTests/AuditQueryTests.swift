import AgentContracts
import AgentPolicy
import AuditQuery
import Foundation
import XCTest

final class AuditQueryTests: XCTestCase {
    var log: AuditLogFixture!
    let now = AuditTime(AuditLogFixture.time(minute: 60))

    override func setUpWithError() throws { log = try AuditLogFixture() }
    override func tearDown() { log.remove() }

    /// A small day on a server: reads, a refused `rm -rf /`, a confirmed and a refused deletion,
    /// another user, a syslog-prefixed line, and lines that are not records.
    func writeTypicalLog() throws {
        let listing = AuditLogFixture.decision("ls -la /srv", minute: 1, execID: "a1")
        let wipe = AuditLogFixture.decision("rm -rf /", minute: 2, execID: "a2")
        let confirmed = AuditLogFixture.decision("rm -rf /tmp/x", minute: 3, execID: "a3", confirmation: .unsigned)
        let unconfirmed = AuditLogFixture.decision(
            "rm -rf /tmp/y", minute: 4, from: "198.51.100.9", execID: "a4", confirmation: .refused)
        let other = AuditLogFixture.decision("df -h", minute: 50, user: "deploy", execID: "a5")
        try log.write([
            listing.jsonLine,
            AuditLogFixture.end(of: listing, minute: 1, exitStatus: 0, durationMs: 12.4).jsonLine,
            wipe.jsonLine,
            "this is not a record",
            confirmed.jsonLine,
            "{\"event\":\"decision\",\"truncated",
            AuditLogFixture.end(of: confirmed, minute: 3, exitStatus: 1, durationMs: 3).jsonLine,
            "",
            "Dec  3 10:04:00 web1 ssh-for-agents[42]: " + unconfirmed.jsonLine,
            other.jsonLine,
        ])
    }

    func query(_ arguments: [String]) throws -> AuditReport {
        try AuditCommand.query(AuditQueryOptions.parse(arguments, now: now), auditFile: log.path)
    }

    func testEveryDecisionIsCountedAndMalformedLinesAreReportedNotFatal() throws {
        try writeTypicalLog()
        let report = try query([])
        XCTAssertEqual(report.matched, 5)
        XCTAssertEqual(report.records.map(\.command), ["ls -la /srv", "rm -rf /", "rm -rf /tmp/x", "rm -rf /tmp/y", "df -h"])
        XCTAssertEqual(report.count(of: .allow), 2)
        XCTAssertEqual(report.count(of: .block), 1)
        XCTAssertEqual(report.count(of: .needsConfirmation), 2)
        XCTAssertEqual(report.malformedLines, 2, "the prose line and the cut-off object; the blank line is not counted")
        XCTAssertEqual(report.topSources.first?.name, "192.0.2.7")
        XCTAssertEqual(report.topSources.first?.count, 4)
        XCTAssertTrue(report.text.contains("malformed lines skipped: 2 (first: line 4)"), report.text)
    }

    func testEndRecordsFillInExitStatusAndDuration() throws {
        try writeTypicalLog()
        let records = try query([]).records
        XCTAssertEqual(records[0].exitStatus, 0)
        XCTAssertEqual(records[0].durationMs, 12.4)
        XCTAssertEqual(records[2].exitStatus, 1)
        XCTAssertNil(records[1].exitStatus, "a refused command has no end")
        let text = AuditReportLines(try query([]).text)
        XCTAssertTrue(text.line(containing: "ls -la /srv").contains("exit 0 in 12 ms"), text.all)
        XCTAssertTrue(text.line(containing: "rm -rf /tmp/x").contains("approved unsigned, exit 1"), text.all)
        XCTAssertTrue(text.all.contains("  refused  rm -rf /\n"), text.all)
    }

    func testFiltersNarrowTheMatchesAndTheSummaryFollows() throws {
        try writeTypicalLog()
        let blocked = try query(["--decision", "block"])
        XCTAssertEqual(blocked.records.map(\.command), ["rm -rf /"])
        XCTAssertEqual(blocked.count(of: .allow), 0)
        XCTAssertFalse(blocked.topRules.isEmpty)

        XCTAssertEqual(try query(["--user", "deploy"]).records.map(\.command), ["df -h"])
        XCTAssertEqual(try query(["--user=agent", "--user", "deploy"]).matched, 5, "repeated values are alternatives")
        XCTAssertEqual(try query(["--since", "15m"]).records.map(\.command), ["df -h"])
        XCTAssertEqual(try query(["--since", "2026-12-03T10:03:00Z"]).matched, 3)
        XCTAssertEqual(try query(["--since", "2026-12-03T11:03:00+01:00"]).matched, 3, "an offset is converted to UTC")
        XCTAssertEqual(try query(["--decision", "needs_confirmation", "--since", "1h"]).matched, 2)

        let wipeRule = try XCTUnwrap(blocked.records.first?.rules.first)
        XCTAssertEqual(try query(["--rule", wipeRule]).records.map(\.command), ["rm -rf /"])
        let family = String(wipeRule.prefix { $0 != "." })
        XCTAssertGreaterThanOrEqual(try query(["--rule", family]).matched, 1, "a family prefix matches its rules")
        XCTAssertEqual(try query(["--rule", String(wipeRule.dropLast())]).matched, 0, "a partial id is not a prefix match")
    }

    func testLimitShowsTheMostRecentButCountsEveryMatch() throws {
        var lines: [String] = []
        for minute in 0..<30 {
            let record = AuditLogFixture.decision("echo \(minute)", minute: minute, execID: "e\(minute)")
            lines.append(record.jsonLine)
            lines.append(AuditLogFixture.end(of: record, minute: minute, exitStatus: Int32(minute), durationMs: 1).jsonLine)
        }
        try log.write(lines)
        let report = try query(["--limit", "3"])
        XCTAssertEqual(report.matched, 30)
        XCTAssertEqual(report.records.map(\.command), ["echo 27", "echo 28", "echo 29"])
        XCTAssertEqual(report.records.map(\.exitStatus), [27, 28, 29], "ends join decisions kept in the ring")
        XCTAssertTrue(report.text.contains("3 most recent of 30 matching decisions"), report.text)
        XCTAssertEqual(try query(["--limit", "0"]).records.count, 30)
    }

    func testJSONIsOneObjectWithTheSummaryAndTheRecords() throws {
        try writeTypicalLog()
        var output = ""
        let status = AuditCommand.run(
            arguments: ["--json", "--decision", "block"], auditFile: log.path, now: now,
            output: { output += $0 }, errors: { XCTFail($0) })
        XCTAssertEqual(status, 0)
        XCTAssertEqual(output.filter { $0 == "\n" }.count, 1, "one line")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        XCTAssertEqual(object["matched"] as? Int, 1)
        XCTAssertEqual(object["malformed_lines"] as? Int, 2)
        XCTAssertEqual((object["decisions"] as? [String: Int])?["block"], 1)
        XCTAssertEqual((object["top_sources"] as? [[String: Any]])?.first?["address"] as? String, "192.0.2.7")
        let records = try XCTUnwrap(object["records"] as? [[String: Any]])
        XCTAssertEqual(records.first?["command"] as? String, "rm -rf /")
        XCTAssertEqual(records.first?["decision"] as? String, "block")
    }

    func testUnreadableSourcesAndBadArgumentsSayWhatToDo() throws {
        var errors = ""
        XCTAssertEqual(
            AuditCommand.run(
                arguments: [], auditFile: log.path + ".missing", now: now,
                output: { _ in }, errors: { errors += $0 }), 1)
        XCTAssertTrue(errors.contains("cannot open the audit file \(log.path).missing: No such file or directory"), errors)

        for (arguments, expected) in [
            (["--since", "yesterday"], "--since yesterday: use a duration"),
            (["--decision", "deny"], "use allow, needs_confirmation or block"),
            (["--limit", "-1"], "--limit -1"),
            (["--frobnicate"], "unknown argument --frobnicate"),
            (["--user"], "--user needs a value"),
        ] {
            errors = ""
            XCTAssertEqual(
                AuditCommand.run(
                    arguments: arguments, auditFile: log.path, now: now,
                    output: { _ in }, errors: { errors += $0 }), 2, "\(arguments)")
            XCTAssertTrue(errors.contains(expected), errors)
        }
    }

    func testAQueryFromAReservedLineReadsOnlyTheEnforcersOwnLog() throws {
        try writeTypicalLog()
        let arguments = AuditCommand.arguments(fromReservedFields: [("decision", "block"), ("json", "true")])
        XCTAssertEqual(arguments, ["--own-log-only", "--decision", "block", "--json"])
        var output = ""
        XCTAssertEqual(
            AuditCommand.run(
                arguments: arguments, auditFile: log.path, now: now, output: { output += $0 }, errors: { XCTFail($0) }), 0)
        XCTAssertTrue(output.contains(#""matched":1"#), output)

        for forbidden in [[("file", "/etc/shadow")], [("journal", "true")]] {
            var errors = ""
            let status = AuditCommand.run(
                arguments: AuditCommand.arguments(fromReservedFields: forbidden), auditFile: log.path,
                now: now, output: { XCTFail("printed \($0)") }, errors: { errors += $0 })
            XCTAssertEqual(status, 2)
            XCTAssertTrue(errors.contains("reads only the enforcer's own log"), errors)
        }
    }

    func testTheJournalIsReadThroughJournalctl() throws {
        // journalctl is real here; with no journald running it finds no entries, which is an empty
        // result, not an error. Without journalctl the error names --file instead.
        var output = ""
        var errors = ""
        let status = AuditCommand.run(
            arguments: ["--journal", "--decision", "block"], auditFile: nil, now: now,
            output: { output += $0 }, errors: { errors += $0 })
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl") {
            XCTAssertEqual(status, 0, errors)
            XCTAssertTrue(output.contains("in journal (journalctl -t ssh-for-agents)"), output)
        } else {
            XCTAssertEqual(status, 1)
            XCTAssertTrue(errors.contains("read the audit file with --file PATH"), errors)
        }
    }

    func testAnInheritedDescriptorIsReadDirectly() throws {
        // How the enforcer passes the audit file it opened while holding its group.
        try writeTypicalLog()
        let handle = try XCTUnwrap(FileHandle(forReadingAtPath: log.path))
        defer { try? handle.close() }
        let report = try AuditCommand.query(
            AuditQueryOptions.parse(["--decision", "block"], now: now),
            auditFile: "/dev/fd/\(handle.fileDescriptor)")
        XCTAssertEqual(report.records.map(\.command), ["rm -rf /"])
    }

    func testLongLinesAcrossReadChunksAreReadWhole() throws {
        // Records longer than the 64 KiB read chunk (a command near the cap, many reasons) still
        // arrive in one piece.
        let long = AuditLogFixture.decision("echo " + String(repeating: "x", count: 8000), minute: 1)
        var lines: [String] = []
        for _ in 0..<40 { lines.append(long.jsonLine) }
        try log.write(lines)
        let report = try query([])
        XCTAssertEqual(report.matched, 40)
        XCTAssertEqual(report.malformedLines, 0)
    }
}

/// The text output, searchable by line.
struct AuditReportLines {
    let all: String
    init(_ text: String) { all = text }
    func line(containing needle: String) -> String {
        all.split(separator: "\n").first { $0.contains(needle) }.map(String.init) ?? ""
    }
}
