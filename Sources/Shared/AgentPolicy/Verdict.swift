/// The policy's public vocabulary: modes, decisions, the configuration and the verdict.

public enum PolicyMode: String, Sendable, Codable, CaseIterable {
    /// Only an allow-list of read-only programs (with their read-only flags) runs.
    case readonly
    /// Everything outside the read-only allow-list needs confirmation; hard blocks stay blocked.
    case cautious
    /// The default: most commands run, destructive ones need confirmation, catastrophic ones are blocked.
    case guarded
    /// Everything parseable runs (still parsed, still audited). For disposable hosts only.
    case unrestricted
}

/// Ordered so that the strictest wins: block > needs_confirmation > allow.
public enum Decision: String, Sendable, Codable, Comparable {
    case allow
    case needsConfirmation = "needs_confirmation"
    case block

    private var rank: Int {
        switch self {
        case .allow: 0
        case .needsConfirmation: 1
        case .block: 2
        }
    }

    public static func < (lhs: Decision, rhs: Decision) -> Bool { lhs.rank < rhs.rank }
}

/// What the engine needs to know. Read from JSON by exactly one decoder, AgentContracts'
/// `PolicyBlock`, which both the client and the enforcer use, so the two ends cannot drift.
public struct PolicyConfig: Sendable, Equatable {
    public var mode: PolicyMode
    /// Program names that need confirmation in guarded mode.
    public var extraDenylist: [String]
    /// Program names allowed (with any arguments) in readonly mode.
    public var extraReadonlyAllow: [String]
    /// The administrator's rules (the policy's `rules`), in the order written; see `AdminRule`.
    public var adminRules: [AdminRule]

    public init(
        mode: PolicyMode = .guarded, extraDenylist: [String] = [], extraReadonlyAllow: [String] = [],
        adminRules: [AdminRule] = []
    ) {
        self.mode = mode
        self.extraDenylist = extraDenylist
        self.extraReadonlyAllow = extraReadonlyAllow
        self.adminRules = adminRules
    }
}

/// Why a command is not simply allowed: a stable rule id (a `RuleID`'s raw value, or the id of an
/// administrator's rule) and a message naming the offending part.
public struct Reason: Sendable, Codable, Equatable {
    public let rule: String
    public let message: String
    public let decision: Decision

    /// The built-in rule this reason comes from (nil for an administrator's rule).
    public var ruleID: RuleID? { RuleID(rawValue: rule) }

    /// Whether it comes from the policy's `rules` (an administrator's rule) rather than the catalogue.
    public var isAdminRule: Bool { rule.hasPrefix(AdminRule.idPrefix) }

    public init(rule: String, message: String, decision: Decision) {
        self.rule = rule
        self.message = message
        self.decision = decision
    }
}

/// One command the rules saw, after wrappers were seen through and names normalised.
public struct Segment: Sendable, Codable, Equatable {
    public let program: String
    public let arguments: [String]

    public init(program: String, arguments: [String]) {
        self.program = program
        self.arguments = arguments
    }
}

public struct Verdict: Sendable, Codable, Equatable {
    public let decision: Decision
    public let segments: [Segment]
    public let reasons: [Reason]

    public init(decision: Decision, segments: [Segment], reasons: [Reason]) {
        self.decision = decision
        self.segments = segments
        self.reasons = reasons
    }
}
