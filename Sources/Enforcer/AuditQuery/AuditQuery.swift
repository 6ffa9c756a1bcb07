import AgentContracts
import AgentPolicy

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads an audit trail once, front to back, and gathers what a query shows: the most recent
/// matching decisions (each joined with its `end` record), and a summary of every match.
enum AuditQuery {
    static func run(_ options: AuditQueryOptions, from source: AuditLineSource) throws(AuditSourceError) -> AuditReport {
        var summary = AuditSummary()
        var recent = RecentRecords(limit: options.limit)
        let filter = AuditFilter(options)
        let decoder = JSONDecoder()
        var lineNumber = 0
        try source.forEachLine { line in
            lineNumber += 1
            guard let start = line.firstIndex(of: UInt8(ascii: "{")) else {
                if !line.allSatisfy(Self.isBlank) { summary.noteMalformed(line: lineNumber) }
                return
            }
            // A syslog or journal prefix before the object is skipped, as `AuditRecord(line:)` does.
            guard let record = try? decoder.decode(AuditRecord.self, from: Data(UnsafeBufferPointer(rebasing: line[start...])))
            else {
                summary.noteMalformed(line: lineNumber)
                return
            }
            switch record.event {
            case .end:
                recent.join(end: record)
            case .decision:
                switch filter.matches(record) {
                case nil: summary.noteMalformed(line: lineNumber)
                case false?: break
                case true?:
                    summary.count(record)
                    recent.append(record)
                }
            }
        }
        return AuditReport(source: source.label, summary: summary, records: recent.records)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}

/// The last `limit` matching decisions (all of them when `limit` is 0), so memory stays bounded
/// however long the log is. An `end` record fills in its decision's exit status and duration
/// while that decision is still kept.
struct RecentRecords {
    private let limit: Int
    private var slots: [AuditRecord] = []
    /// How many decisions were appended in all; decision number `n` sits in slot `n % limit`.
    private var appended = 0
    /// exec id → decision number, for the decisions still kept.
    private var byExecID: [String: Int] = [:]

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ record: AuditRecord) {
        let number = appended
        appended += 1
        if limit == 0 || slots.count < limit {
            slots.append(record)
        } else {
            let slot = number % limit
            if let evicted = slots[slot].execID, byExecID[evicted] == number - limit { byExecID[evicted] = nil }
            slots[slot] = record
        }
        if let id = record.execID { byExecID[id] = number }
    }

    mutating func join(end: AuditRecord) {
        guard let id = end.execID, let number = byExecID.removeValue(forKey: id) else { return }
        let slot = limit == 0 ? number : number % limit
        slots[slot].exitStatus = end.exitStatus
        slots[slot].signal = end.signal
        slots[slot].durationMs = end.durationMs
    }

    /// Oldest first.
    var records: [AuditRecord] {
        guard limit > 0, slots.count == limit else { return slots }
        let oldest = appended % limit
        return Array(slots[oldest...] + slots[..<oldest])
    }
}
