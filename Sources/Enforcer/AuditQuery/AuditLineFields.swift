import AgentContracts
import AgentPolicy

/// What a query filters, counts and joins on, read from one audit line by `JSONScanner` without
/// decoding the whole record. The shown records are decoded in full (`AuditRecord`) at the end.
struct AuditLineFields: Sendable {
    var event: AuditRecord.Event
    var time: String
    var user: String
    var decision: Decision
    var rules: [String]
    /// The rule of every reason, deciding or not.
    var reasonRules: [String]
    var sourceAddress: String?
    var execID: String?
    var exitStatus: Int32?
    var signal: String?
    var durationMs: Double?

    /// nil when the bytes are not one audit record: broken JSON, or a required field missing or
    /// of the wrong type.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        let scanner = JSONScanner(bytes)
        var event: AuditRecord.Event?
        var time: String?
        var user: String?
        var decision: Decision?
        var rules: [String]?
        var reasonRules: [String] = []
        var sourceAddress: String?
        var execID: String?
        var exitStatus: Int32?
        var signal: String?
        var durationMs: Double?
        let complete = scanner.members { key in
            if key.is("event") {
                event = scanner.string().flatMap(AuditRecord.Event.init(rawValue:))
                return event != nil
            } else if key.is("time") {
                time = scanner.string()
                return time != nil
            } else if key.is("user") {
                user = scanner.string()
                return user != nil
            } else if key.is("decision") {
                decision = scanner.string().flatMap(Decision.init(rawValue:))
                return decision != nil
            } else if key.is("rules") {
                rules = scanner.stringArray()
                return rules != nil
            } else if key.is("reasons") {
                return scanner.elements {
                    scanner.members { key in
                        guard key.is("rule") else { return scanner.skipValue() }
                        guard let rule = scanner.string() else { return false }
                        reasonRules.append(rule)
                        return true
                    }
                }
            } else if key.is("source_address") {
                return Self.optional(scanner) {
                    sourceAddress = scanner.string()
                    return sourceAddress != nil
                }
            } else if key.is("exec_id") {
                return Self.optional(scanner) {
                    execID = scanner.string()
                    return execID != nil
                }
            } else if key.is("signal") {
                return Self.optional(scanner) {
                    signal = scanner.string()
                    return signal != nil
                }
            } else if key.is("exit_status") {
                return Self.optional(scanner) {
                    guard let number = scanner.number(), let status = Int32(exactly: number) else { return false }
                    exitStatus = status
                    return true
                }
            } else if key.is("duration_ms") {
                return Self.optional(scanner) {
                    durationMs = scanner.number()
                    return durationMs != nil
                }
            }
            return scanner.skipValue()
        }
        guard complete, scanner.atEnd, let event, let time, let user, let decision, let rules else { return nil }
        self.event = event
        self.time = time
        self.user = user
        self.decision = decision
        self.rules = rules
        self.reasonRules = reasonRules
        self.sourceAddress = sourceAddress
        self.execID = execID
        self.exitStatus = exitStatus
        self.signal = signal
        self.durationMs = durationMs
    }

    /// An optional field may also be `null`.
    private static func optional(_ scanner: JSONScanner, _ read: () -> Bool) -> Bool {
        scanner.null() || read()
    }

    /// The deciding rules, then any other rule a reason names.
    var allRuleIDs: [String] { rules + reasonRules.filter { !rules.contains($0) } }
}
