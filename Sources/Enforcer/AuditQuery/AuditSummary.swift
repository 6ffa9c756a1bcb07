import AgentContracts
import AgentPolicy

/// Counts over every matching decision, however many are shown: per decision, per rule, per
/// source address; the time span; and the lines that were not records.
struct AuditSummary: Sendable {
    private(set) var matched = 0
    private(set) var decisions: [Decision: Int] = [:]
    private(set) var rules: [String: Int] = [:]
    private(set) var sources: [String: Int] = [:]
    private(set) var firstTime: String?
    private(set) var lastTime: String?
    private(set) var malformedLines = 0
    private(set) var firstMalformedLine: Int?

    /// How many rules and sources the summary names.
    static let topCount = 5

    mutating func count(_ record: AuditLineFields) {
        matched += 1
        decisions[record.decision, default: 0] += 1
        for rule in record.rules { rules[rule, default: 0] += 1 }
        sources[record.sourceAddress ?? "local", default: 0] += 1
        if firstTime == nil { firstTime = record.time }
        lastTime = record.time
    }

    mutating func noteMalformed(line: Int) {
        malformedLines += 1
        if firstMalformedLine == nil { firstMalformedLine = line }
    }

    var topRules: [(name: String, count: Int)] { Self.top(rules) }
    var topSources: [(name: String, count: Int)] { Self.top(sources) }

    /// Most frequent first; ties by name, so the output is stable.
    private static func top(_ counts: [String: Int]) -> [(name: String, count: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(topCount).map { ($0.key, $0.value) }
    }

    func count(of decision: Decision) -> Int { decisions[decision] ?? 0 }
}
