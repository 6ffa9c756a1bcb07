import AgentContracts
import AgentPolicy

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A query's result: the records to show (oldest first) and the summary of every match, as
/// compact text for a terminal or as one JSON object for scripts.
public struct AuditReport: Sendable {
    public let source: String
    let summary: AuditSummary
    public let records: [AuditRecord]

    public var matched: Int { summary.matched }
    public var malformedLines: Int { summary.malformedLines }
    public func count(of decision: Decision) -> Int { summary.count(of: decision) }
    public var topRules: [(name: String, count: Int)] { summary.topRules }
    public var topSources: [(name: String, count: Int)] { summary.topSources }

    static let decisionOrder: [Decision] = [.allow, .needsConfirmation, .block]

    // MARK: Text

    public var text: String {
        var lines = records.map(Self.line)
        if !lines.isEmpty { lines.append("") }
        lines += summaryLines
        return lines.joined(separator: "\n") + "\n"
    }

    /// One record on one line: time, decision, who and from where, rules, what happened, command.
    static func line(_ record: AuditRecord) -> String {
        let origin = record.user + (record.sourceAddress.map { "@" + $0 } ?? "")
        let rules = record.rules.isEmpty ? "-" : record.rules.joined(separator: ",")
        return [record.time, record.decision.rawValue, origin, rules, outcome(record), record.command]
            .joined(separator: "  ")
    }

    static func outcome(_ record: AuditRecord) -> String {
        switch (record.decision, record.confirmation.kind) {
        case (.block, _):
            return "refused"
        case (.needsConfirmation, .none), (.needsConfirmation, .refused):
            return "refused" + (record.confirmation.why.map { " (\($0))" } ?? "")
        case (.allow, _), (.needsConfirmation, .unsigned), (.needsConfirmation, .signed):
            let approval = record.decision == .needsConfirmation ? "approved \(record.confirmation.kind.rawValue), " : ""
            if let signal = record.signal { return approval + "killed by \(signal)" + duration(record) }
            if let status = record.exitStatus { return approval + "exit \(status)" + duration(record) }
            return approval + "ran"
        }
    }

    private static func duration(_ record: AuditRecord) -> String {
        record.durationMs.map { " in \(Int($0.rounded())) ms" } ?? ""
    }

    var summaryLines: [String] {
        guard summary.matched > 0 else {
            return ["no matching decisions in \(source)"] + malformedLine
        }
        var span = ""
        if let first = summary.firstTime, let last = summary.lastTime { span = ", \(first) to \(last)" }
        let shown =
            records.count == summary.matched
            ? "\(summary.matched) matching decisions"
            : "\(records.count) most recent of \(summary.matched) matching decisions"
        return [
            "\(shown) in \(source)\(span)",
            "decisions: " + Self.decisionOrder.map { "\($0.rawValue) \(summary.count(of: $0))" }.joined(separator: ", "),
            "top rules: " + Self.listing(summary.topRules),
            "top sources: " + Self.listing(summary.topSources),
        ] + malformedLine
    }

    private var malformedLine: [String] {
        guard summary.malformedLines > 0 else { return [] }
        return ["malformed lines skipped: \(summary.malformedLines) (first: line \(summary.firstMalformedLine ?? 0))"]
    }

    private static func listing(_ counts: [(name: String, count: Int)]) -> String {
        counts.isEmpty ? "none" : counts.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
    }

    // MARK: JSON

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = Document(
            source: source, matched: summary.matched, shown: records.count,
            decisions: Dictionary(uniqueKeysWithValues: Self.decisionOrder.map { ($0.rawValue, summary.count(of: $0)) }),
            topRules: summary.topRules.map { Document.RuleCount(rule: $0.name, count: $0.count) },
            topSources: summary.topSources.map { Document.SourceCount(address: $0.name, count: $0.count) },
            firstTime: summary.firstTime, lastTime: summary.lastTime,
            malformedLines: summary.malformedLines, firstMalformedLine: summary.firstMalformedLine,
            records: records)
        // Encoding plain value types cannot fail; a failure would be a programming error.
        guard let data = try? encoder.encode(document) else { preconditionFailure("unencodable audit report") }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The `--json` object; field names are part of the documented output.
    struct Document: Codable, Sendable {
        struct RuleCount: Codable, Sendable {
            let rule: String
            let count: Int
        }
        struct SourceCount: Codable, Sendable {
            let address: String
            let count: Int
        }

        let source: String
        let matched: Int
        let shown: Int
        let decisions: [String: Int]
        let topRules: [RuleCount]
        let topSources: [SourceCount]
        let firstTime: String?
        let lastTime: String?
        let malformedLines: Int
        let firstMalformedLine: Int?
        let records: [AuditRecord]

        enum CodingKeys: String, CodingKey {
            case source, matched, shown, decisions, records
            case topRules = "top_rules"
            case topSources = "top_sources"
            case firstTime = "first_time"
            case lastTime = "last_time"
            case malformedLines = "malformed_lines"
            case firstMalformedLine = "first_malformed_line"
        }
    }
}
