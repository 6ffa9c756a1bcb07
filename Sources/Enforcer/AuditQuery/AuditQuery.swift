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
        var lineNumber = 0
        try source.forEachLine { line in
            lineNumber += 1
            guard let start = line.firstIndex(of: UInt8(ascii: "{")) else {
                if !line.allSatisfy(Self.isBlank) { summary.noteMalformed(line: lineNumber) }
                return
            }
            // A syslog or journal prefix before the object is skipped, as `AuditRecord(line:)` does.
            let object = UnsafeBufferPointer(rebasing: line[start...])
            guard let fields = AuditLineFields(object) else {
                summary.noteMalformed(line: lineNumber)
                return
            }
            switch fields.event {
            case .end:
                recent.join(end: fields)
            case .decision:
                switch filter.matches(fields) {
                case nil: summary.noteMalformed(line: lineNumber)
                case false?: break
                case true?:
                    summary.count(fields)
                    recent.append(fields, line: Array(object), number: lineNumber)
                }
            }
        }
        // Only the shown records are decoded in full. One that the scanner took but the decoder
        // refuses (a field of the wrong type) is malformed after all.
        let decoder = JSONDecoder()
        var records: [AuditRecord] = []
        for kept in recent.kept {
            guard var record = try? decoder.decode(AuditRecord.self, from: Data(kept.line)) else {
                summary.noteMalformed(line: kept.number)
                continue
            }
            if let end = kept.end {
                record.exitStatus = end.exitStatus
                record.signal = end.signal
                record.durationMs = end.durationMs
            }
            records.append(record)
        }
        return AuditReport(source: source.label, summary: summary, records: records)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}

/// The last `limit` matching decisions (all of them when `limit` is 0), as their raw lines, so
/// memory stays bounded however long the log is. An `end` record is joined to its decision while
/// that decision is still kept.
struct RecentRecords {
    struct Kept {
        var line: [UInt8]
        /// Its line number, for reporting it as malformed.
        var number: Int
        var execID: String?
        var end: AuditLineFields?
    }

    private let limit: Int
    private var slots: [Kept] = []
    /// How many decisions were appended in all; decision number `n` sits in slot `n % limit`.
    private var appended = 0
    /// exec id → decision number, for the decisions still kept.
    private var byExecID: [String: Int] = [:]

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ fields: AuditLineFields, line: [UInt8], number lineNumber: Int) {
        let number = appended
        appended += 1
        let kept = Kept(line: line, number: lineNumber, execID: fields.execID)
        if limit == 0 || slots.count < limit {
            slots.append(kept)
        } else {
            let slot = number % limit
            if let evicted = slots[slot].execID, byExecID[evicted] == number - limit { byExecID[evicted] = nil }
            slots[slot] = kept
        }
        if let id = fields.execID { byExecID[id] = number }
    }

    mutating func join(end: AuditLineFields) {
        guard let id = end.execID, let number = byExecID.removeValue(forKey: id) else { return }
        slots[limit == 0 ? number : number % limit].end = end
    }

    /// Oldest first.
    var kept: [Kept] {
        guard limit > 0, slots.count == limit else { return slots }
        let oldest = appended % limit
        return Array(slots[oldest...] + slots[..<oldest])
    }
}
