/// An administrator's rule from the policy's `rules` list: a prefix of the normalised argv (one
/// shell pattern per word) and what to decide when a command starts with it.
///
/// Precise semantics (README "Admin rules", docs/ARCHITECTURE.md):
/// - it is matched against every command the built-in rules see: wrappers (`sudo`, `env`,
///   `timeout`, `xargs`, …) seen through, the program path normalised (`/usr/bin/systemctl` is
///   `systemctl`), in every pipeline stage, substitution and `sh -c` string; each wrapper layer is
///   matched too, for block and confirm only (an allow there would relax what it runs);
/// - `match[0]` matches the program, `match[1...]` the first arguments, word for word; the command
///   may have more arguments (a prefix). In a word `*` matches any run of characters (`/`
///   included: a word is not a path), `?` one character, `[…]`/`[!…]` one of a set;
/// - `block` and `confirm` add a finding with the rule's id and reason, in every mode (unrestricted
///   too: the administrator asked for it by name);
/// - `allow` lifts, for that command only, the built-in findings whose catalogue decision is
///   needs_confirmation that concern the program and its arguments (the per-program rules,
///   `extra_denylist`), and the readonly/cautious allow-list (it counts as a readonly addition).
///   It never lifts a built-in block (`rm -rf /`, reverse shells, …), nor what is judged apart
///   from the command: its redirections, environment assignments, wrappers (`sudo` in readonly)
///   and code it runs (`sh -c`, `xargs rm`, `python -c`);
/// - when several of the rules match one command, the strictest decides (block > confirm > allow).
public struct AdminRule: Sendable, Equatable {
    public enum Decision: String, Sendable, CaseIterable, Comparable {
        case allow, confirm, block

        /// What a finding of this rule asks for (allow adds none).
        public var verdict: AgentPolicy.Decision {
            switch self {
            case .allow: .allow
            case .confirm: .needsConfirmation
            case .block: .block
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.verdict < rhs.verdict }
    }

    /// Every administrator's id starts with this, so none can collide with a built-in id, today's
    /// or a later release's.
    public static let idPrefix = "local."

    public let id: String
    public let match: [String]
    public let decision: Decision
    public let reason: String

    /// The fields' problems, by field name ("id", "match[2]", …), so the reader can name them.
    public enum Problem: Error, Sendable, Equatable {
        case field(String, String)
    }

    /// Refuses what could never match or would mislead: checked once when the policy is read.
    public init(id: String, match: [String], decision: Decision, reason: String) throws(Problem) {
        guard id.hasPrefix(Self.idPrefix), id.utf8.count > Self.idPrefix.utf8.count else {
            throw .field("id", "must start with \"\(Self.idPrefix)\" and name the rule (got \"\(id)\")")
        }
        guard
            id.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "._-".unicodeScalars.contains($0)
            })
        else { throw .field("id", "may hold only letters, digits, \".\", \"_\" and \"-\" (got \"\(id)\")") }
        guard !match.isEmpty else { throw .field("match", "must name at least the program") }
        for (index, word) in match.enumerated() {
            guard !word.isEmpty else { throw .field("match[\(index)]", "must not be empty") }
            if let problem = AdminPattern.problem(word) { throw .field("match[\(index)]", problem) }
        }
        let program = match[0]
        if let slash = program.lastIndex(of: "/") {
            let directory = String(program[..<slash])
            if directory.isEmpty || ProgramName.standardDirectories.contains(directory) {
                let name = String(program[program.index(after: slash)...])
                throw .field(
                    "match[0]",
                    "the rules see \"\(program)\" as \"\(name)\" (paths in standard directories are normalised); write \"\(name)\""
                )
            }
        }
        guard !reason.isEmpty else { throw .field("reason", "must say why (it is shown with every verdict)") }
        self.id = id
        self.match = match
        self.decision = decision
        self.reason = reason
    }

    /// Whether the command the rules see (`program arguments…`) starts with this rule's words.
    func matches(program: String, words: [Word]) -> Bool {
        guard words.count >= match.count - 1, AdminPattern.matches(match[0], program) else { return false }
        for index in 1..<match.count where !AdminPattern.matches(match[index], words[index - 1].text) {
            return false
        }
        return true
    }
}

/// One word of an admin rule: a shell pattern matched against a whole argv word. Unlike pathname
/// expansion (`Glob`), `*` and `?` match `/`, because an argument is a word, not a path.
enum AdminPattern {
    static func problem(_ pattern: String) -> String? {
        var scalars = pattern.unicodeScalars[...]
        while let first = scalars.popFirst() {
            if first == "\\" {
                guard scalars.popFirst() != nil else { return "ends with a lone \"\\\" (write \"\\\\\" for a backslash)" }
            } else if first == "[" {
                // `[]…]` holds `]`: the first character of a set is never its end.
                var set = scalars
                if set.first == "!" || set.first == "^" { set = set.dropFirst() }
                guard let close = set.dropFirst().firstIndex(of: "]") else {
                    return "\"\(pattern)\" has a \"[\" without its \"]\" (write \"\\[\" for a bracket)"
                }
                scalars = scalars[scalars.index(after: close)...]
            }
        }
        return nil
    }

    static func matches(_ pattern: String, _ word: String) -> Bool {
        // The common case (a literal word) needs no copying.
        if !pattern.unicodeScalars.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "\\" }) {
            return pattern == word
        }
        return matches(Array(pattern.unicodeScalars)[...], Array(word.unicodeScalars)[...])
    }

    private static func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "*":
            // Runs of `*` are one `*`; then try every split (words are short).
            let rest = pattern.drop(while: { $0 == "*" })
            if rest.isEmpty { return true }
            var candidate = text
            while true {
                if matches(rest, candidate) { return true }
                guard !candidate.isEmpty else { return false }
                candidate = candidate.dropFirst()
            }
        case "?":
            guard !text.isEmpty else { return false }
            return matches(pattern.dropFirst(), text.dropFirst())
        case "[":
            guard let next = text.first else { return false }
            var set = pattern.dropFirst()
            let negated = set.first == "!" || set.first == "^"
            if negated { set = set.dropFirst() }
            // Validated when read: the `]` exists, and the first character of the set is a member.
            guard let close = set.dropFirst().firstIndex(of: "]") else { return false }
            let members = set[..<close]
            var found = false
            var index = members.startIndex
            while index < members.endIndex {
                if index + 2 < members.endIndex, members[index + 1] == "-" {
                    if members[index] <= next && next <= members[index + 2] { found = true }
                    index += 3
                } else {
                    if members[index] == next { found = true }
                    index += 1
                }
            }
            return found != negated && matches(pattern[(close + 1)...], text.dropFirst())
        case "\\":
            guard let literal = pattern.dropFirst().first else { return false }
            return text.first == literal && matches(pattern.dropFirst(2), text.dropFirst())
        default:
            return text.first == first && matches(pattern.dropFirst(), text.dropFirst())
        }
    }
}
