/// The one line through which the client talks to a server-side enforcer.
///
/// Every command the client sends starts with it:
///
///     trap : EXIT # ssh-for-agents/1 exec id=3f9a1c approval=v1.1767300000.9b1e….Hk3…
///
/// - Where no enforcer is installed it is run by `/bin/sh` as it stands: `trap : EXIT` is a no-op
///   that keeps the exit status, and keeps bash and dash from exec-ing the last command, so the shell
///   that carries the id stays the leader of the command's process group (the client ends a timed
///   out command by finding that shell by its id). The rest is a comment.
/// - An enforcer strips exactly this line (nothing else) and evaluates the remaining text.
/// - `probe` and `audit` lines are whole commands: the enforcer answers them itself; without one the
///   line prints nothing.
///
/// Only ssh-for-agents may write it: a caller's command whose first line looks like one is refused
/// (`claims`), or a model could forge an approval.
public struct ReservedLine: Sendable, Equatable {
    public enum Verb: String, Sendable, CaseIterable {
        /// An ordinary command follows on the next lines.
        case exec
        /// The enforcer answers with a `ProbeReply`.
        case probe
        /// The enforcer answers with its audit log, filtered by `arguments`.
        case audit
        /// End the process group of the command with this `id` (a timeout or a cancelled call).
        /// The enforcer does this itself, for its own account's commands only; the body after the
        /// line (`ReservedLine.cancelCommand`) does it where no enforcer is installed.
        case cancel
    }

    /// Bumped when the line's meaning changes; an enforcer refuses versions it does not know.
    public static let currentVersion = 1
    static let marker = "ssh-for-agents"
    static let prefix = "trap : EXIT # \(marker)/"

    public var version: Int
    public var verb: Verb
    /// `key=value` fields after the verb, in order (`id`, `approval`, audit filters…). Keys and values
    /// contain no blanks, `=` or newlines.
    public var fields: [(key: String, value: String)]

    public init(verb: Verb, fields: [(key: String, value: String)] = [], version: Int = ReservedLine.currentVersion) {
        self.verb = verb
        self.fields = fields
        self.version = version
    }

    /// The line of an ordinary command: its exec id and, when a human approved it, the token.
    public static func exec(id: String, approval: String? = nil) -> ReservedLine {
        ReservedLine(verb: .exec, fields: [("id", id)] + (approval.map { [("approval", $0)] } ?? []))
    }

    public static let probe = ReservedLine(verb: .probe)

    public static func cancel(id: String) -> ReservedLine {
        ReservedLine(verb: .cancel, fields: [("id", id)])
    }

    /// Commands longer than this travel on the channel's stdin instead of in the exec request:
    /// OpenSSH refuses exec requests much above 32 KB ("exec request refused"), and Linux caps one
    /// argv string at 128 KiB.
    public static let inlineCommandLimit = 16 * 1024

    /// The longest command sent at all, inline or on stdin: the client refuses longer ones
    /// (`commandTooLong`), an enforcer reads and judges up to this many bytes.
    public static let maxCommandBytes = 1 << 20

    /// The line of a long command whose text follows on stdin: `stdin=<bytes>` says how many bytes of
    /// stdin are the command; the body after the line is exactly `stdinLoader(bytes:)`.
    public static func execFromStdin(id: String, bytes: Int, approval: String? = nil) -> ReservedLine {
        ReservedLine(verb: .exec, fields: [("id", id), ("stdin", String(bytes))] + (approval.map { [("approval", $0)] } ?? []))
    }

    /// What runs after a `stdin=` line where no enforcer is installed: the shell that carries the id
    /// reads exactly `bytes` bytes of stdin and runs them itself (so it stays the process group's
    /// leader, as for inline commands). An enforcer does not run this body: it reads the bytes, judges
    /// them, and runs them if allowed.
    public static func stdinLoader(bytes: Int) -> String {
        "eval \"$(head -c \(bytes))\""
    }

    /// The byte count of a `stdin=` line, or nil for an inline command.
    public var stdinBytes: Int? {
        value("stdin").flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
    }

    public func value(_ key: String) -> String? {
        fields.first { $0.key == key }?.value
    }

    /// The line without its newline.
    public var text: String {
        // Plain appends: `joined(separator:)`'s generic first use cost the enforcer ~0.2 M
        // instructions per command.
        var line = Self.prefix + String(version) + " " + verb.rawValue
        for field in fields {
            line += " " + field.key + "=" + field.value
        }
        return line
    }

    /// The line and the command after it, as sent.
    public func prefixing(_ command: String) -> String {
        text + "\n" + command
    }

    /// Splits what arrived into its reserved line and the command after it, or nil when it does not
    /// start with a well-formed reserved line. Strict: the enforcer acts only on exact lines.
    public static func parse(_ received: String) -> (line: ReservedLine, command: Substring)? {
        let parts = received.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, first.hasPrefix(prefix) else { return nil }
        var words = first.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: false)
        guard words.count >= 2, let version = Int(words.removeFirst()), version > 0,
            let verb = Verb(rawValue: String(words.removeFirst()))
        else { return nil }
        var fields: [(key: String, value: String)] = []
        for word in words {
            let pair = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty, !pair[1].contains("="),
                pair[0].allSatisfy(\.isASCII), pair[1].allSatisfy({ $0.isASCII && !$0.isWhitespace })
            else { return nil }
            fields.append((String(pair[0]), String(pair[1])))
        }
        let line = ReservedLine(verb: verb, fields: fields, version: version)
        return (line, parts.count > 1 ? parts[1] : "")
    }

    /// Whether a caller's command starts with something that is, or looks like, a reserved line —
    /// including the older forms (`: ssh-for-agents …`). Wider than `parse` on purpose: the client
    /// refuses these so that no caller text can ever be taken for ours.
    public static func claims(_ command: String) -> Bool {
        let firstLine = command.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = firstLine.drop(while: { $0 == " " || $0 == "\t" })
        // A byte search: `StringProtocol.contains(_:)` comes from _StringProcessing, whose first
        // use cost the enforcer a tenth of its run on every command.
        guard Self.bytes(of: trimmed.utf8, contain: marker.utf8) else { return false }
        return trimmed.hasPrefix(":") || trimmed.hasPrefix("trap") || trimmed.hasPrefix("#")
    }

    static func bytes(of text: Substring.UTF8View, contain needle: String.UTF8View) -> Bool {
        let haystack = Array(text)
        let pattern = Array(needle)
        guard !pattern.isEmpty else { return true }
        guard haystack.count >= pattern.count else { return false }
        for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
            if haystack[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }

    public static func == (lhs: ReservedLine, rhs: ReservedLine) -> Bool {
        lhs.version == rhs.version && lhs.verb == rhs.verb
            && lhs.fields.map(\.key) == rhs.fields.map(\.key) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }
}
