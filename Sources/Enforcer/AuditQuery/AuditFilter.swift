import AgentContracts
import AgentPolicy

/// Which decision records a query keeps. `end` records are never matched on their own: they are
/// joined to their decision (same `exec_id`) for the exit status and duration.
struct AuditFilter: Sendable {
    let since: AuditTime?
    let decisions: Set<Decision>
    let users: Set<String>
    let rules: [String]

    init(_ options: AuditQueryOptions) {
        since = options.since
        decisions = options.decisions
        users = options.users
        rules = options.rules
    }

    /// nil when the record's time cannot be read and a `--since` bound needs it: such a record
    /// is malformed, not silently older or newer.
    func matches(_ record: AuditLineFields) -> Bool? {
        if !decisions.isEmpty, !decisions.contains(record.decision) { return false }
        if !users.isEmpty, !users.contains(record.user) { return false }
        if !rules.isEmpty, !record.allRuleIDs.contains(where: { id in rules.contains { Self.rule(id, matches: $0) } }) {
            return false
        }
        if let since {
            guard let time = AuditTime(rfc3339: record.time) else { return nil }
            if time < since { return false }
        }
        return true
    }

    /// `rm.root` matches `rm.root` and `rm`, not `r` or `rm.ro`.
    static func rule(_ id: String, matches wanted: String) -> Bool {
        id == wanted || (id.hasPrefix(wanted) && id.dropFirst(wanted.count).first == ".")
    }
}
