import AgentPolicy

/// How an enforcer says "not run": a documented exit status plus one machine-readable line on
/// stderr. The client needs both before it reports "refused by the server's policy on HOST", so a
/// command that happens to exit 77 is still a failed command, not a refusal.
public struct EnforcerRefusal: Sendable, Equatable, Codable {
    /// `EX_NOPERM` from sysexits.h: "you did not have sufficient permission".
    public static let exitStatus: Int32 = 77
    public static let linePrefix = "ssh-for-agents-enforcer: refused "

    public var mode: PolicyMode?
    public var decision: Decision
    /// The deciding rule ids (policy rules, or `enforcer.*` for refusals outside the policy).
    public var rules: [String]
    public var reasons: [Reason]
    /// What the caller can do about it, when there is something.
    public var hint: String?

    public init(mode: PolicyMode?, decision: Decision, reasons: [Reason], hint: String? = nil) {
        self.mode = mode
        self.decision = decision
        self.reasons = reasons
        var seen = Set<String>()
        rules = reasons.filter { $0.decision == decision }.map(\.rule).filter { seen.insert($0).inserted }
        self.hint = hint
    }

    /// A refusal for a policy verdict.
    public init(verdict: Verdict, mode: PolicyMode, hint: String? = nil) {
        self.init(mode: mode, decision: verdict.decision, reasons: verdict.deciding, hint: hint)
    }

    /// The stderr line, without its newline.
    public var line: String { Self.linePrefix + json.compact() }

    public var json: OrderedJSON {
        .sortedObject([
            ("mode", mode.map { .string($0.rawValue) }), ("decision", .string(decision.rawValue)),
            ("rules", .array(rules.map(OrderedJSON.string))), ("reasons", .array(reasons.map(\.json))),
            ("hint", hint.map(OrderedJSON.string)),
        ])
    }

    /// The refusal in a command's stderr and exit status, or nil when the command was not refused.
    public static func find(exitStatus: Int32?, stderr: [UInt8]) -> EnforcerRefusal? {
        guard exitStatus == Self.exitStatus else { return nil }
        let text = String(decoding: stderr, as: UTF8.self)
        for line in text.split(separator: "\n").reversed() where line.hasPrefix(linePrefix) {
            if let refusal = EnforcerJSON.decode(EnforcerRefusal.self, from: line.dropFirst(linePrefix.count)) {
                return refusal
            }
        }
        return nil
    }
}

extension Reason {
    /// As `Codable` writes it: `{"decision":…,"message":…,"rule":…}`.
    public var json: OrderedJSON {
        .sortedObject([("decision", .string(decision.rawValue)), ("message", .string(message)), ("rule", .string(rule))])
    }
}
