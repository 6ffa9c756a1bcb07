import AgentPolicy

/// What one `audit` query asks for, parsed from its command-line arguments by hand: the enforcer
/// links no argument parser, so it stays small and starts quickly.
public struct AuditQueryOptions: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// The policy's audit file, or the journal when the policy has none.
        case policyDefault
        case file(String)
        case journal
    }

    public var source: Source = .policyDefault
    /// Records at or after this moment (UTC).
    public var since: AuditTime?
    /// Empty: every decision.
    public var decisions: Set<Decision> = []
    public var users: Set<String> = []
    /// A rule id (`rm.root`) or a family prefix (`rm`), matched against every rule a record names.
    public var rules: [String] = []
    public var json = false
    /// How many of the most recent matching records to print; 0 prints all. The summary always
    /// counts every match.
    public var limit = AuditQueryOptions.defaultLimit
    /// Set for a query that arrived over SSH as a reserved line: only the enforcer's own log may be
    /// read, never a file the caller names.
    public var ownLogOnly = false

    public static let defaultLimit = 100
    /// The flag `AuditCommand.arguments(fromReservedFields:)` puts first.
    public static let ownLogOnlyFlag = "--own-log-only"

    public init() {}

    public static let usage = """
        usage: ssh-for-agents-enforcer audit [--file PATH | --journal] [--since 1h|30m|2d|RFC3339]
                                             [--decision allow|needs_confirmation|block] [--user U]
                                             [--rule ID] [--json] [--limit N]
        --decision, --user and --rule may be repeated (any of the values matches).
        --limit N prints the N most recent matching records (default \(defaultLimit); 0: all).
        """

    /// Parses `arguments` (without the `audit` word). `now` anchors relative `--since` values.
    public static func parse(_ arguments: [String], now: AuditTime) throws(AuditUsageError) -> AuditQueryOptions {
        var options = AuditQueryOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            // `--name=value` and `--name value` both work.
            let (name, inlineValue) = split(argument)
            func value() throws(AuditUsageError) -> String {
                if let inlineValue { return inlineValue }
                guard let next = remaining.popFirst() else { throw AuditUsageError("\(name) needs a value") }
                return next
            }
            switch name {
            case "--file":
                options.source = .file(try value())
            case "--journal":
                options.source = .journal
            case "--since":
                let text = try value()
                guard let bound = AuditTime.since(text, now: now) else {
                    throw AuditUsageError(
                        "--since \(text): use a duration like 30m, 1h, 2d, 1w or an RFC 3339 time like 2026-12-03T10:00:00Z")
                }
                options.since = bound
            case "--decision":
                let text = try value()
                guard let decision = Decision(rawValue: text) else {
                    throw AuditUsageError("--decision \(text): use allow, needs_confirmation or block")
                }
                options.decisions.insert(decision)
            case "--user":
                options.users.insert(try value())
            case "--rule":
                options.rules.append(try value())
            case "--json":
                options.json = true
            case "--limit":
                let text = try value()
                guard let limit = Int(text), limit >= 0 else {
                    throw AuditUsageError("--limit \(text): use a whole number (0 prints every match)")
                }
                options.limit = limit
            case ownLogOnlyFlag:
                options.ownLogOnly = true
            case "-h", "--help":
                throw AuditUsageError(helpRequested: true)
            default:
                throw AuditUsageError("unknown argument \(argument)")
            }
        }
        if options.ownLogOnly, options.source != .policyDefault {
            throw AuditUsageError("a remote audit query reads only the enforcer's own log; --file and --journal are not allowed")
        }
        return options
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}

/// A usage mistake in an `audit` query; the message says what to write instead.
public struct AuditUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// `--help`: print the usage and succeed.
    public let helpRequested: Bool

    init(_ message: String) {
        self.message = message
        helpRequested = false
    }

    init(helpRequested: Bool) {
        message = ""
        self.helpRequested = helpRequested
    }

    public var description: String { message }
}
