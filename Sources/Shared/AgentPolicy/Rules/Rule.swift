/// A rule is data: its catalogue entry (id and decision, `RuleID`), the programs it concerns and a
/// matcher that returns a message naming the offending part (or nil when the rule does not apply).
struct Rule: Sendable {
    let id: RuleID
    /// Programs this rule looks at; empty means every program. An array, walked once to build
    /// `RuleBook.byProgram` (which also drops a name written twice).
    let programs: [String]
    let matcher: @Sendable (Invocation) -> String?

    init(_ id: RuleID, programs: [String] = [], _ matcher: @escaping @Sendable (Invocation) -> String?) {
        self.id = id
        self.programs = programs
        self.matcher = matcher
    }

    init<Programs: Sequence>(
        _ id: RuleID, programs: Programs, _ matcher: @escaping @Sendable (Invocation) -> String?
    ) where Programs.Element == String {
        self.id = id
        self.programs = Array(programs)
        self.matcher = matcher
    }
}

/// Every rule family, indexed by program so a check looks only at the rules that can apply.
enum RuleBook {
    static let families: [[Rule]] = [
        FilesystemRules.rules, DiskRules.rules, GitRules.rules, PackageRules.rules, ServiceRules.rules,
        NetworkRules.rules, SecretRules.rules, GuardrailRules.rules, ProcessRules.rules, InterpreterRules.rules,
        OpsToolRules.rules, HardeningRules.rules, ServiceToolRules.rules, ChannelReaderRules.rules,
        ExposureRules.rules, DocumentRules.rules, ToolchainRules.rules, ConfigurationManagementRules.rules, BootRules.rules,
    ]

    /// Every rule, family by family.
    static let all: [Rule] = Array(families.joined())

    static let byProgram = ProgramRuleIndex(programsOfRule: all.map { $0.programs })

    static let everyProgram: [Rule] = all.filter { $0.programs.isEmpty }

    /// `adminAllows`: an administrator's `allow` matched the command, so the rules that only ask
    /// for confirmation are not consulted (the blocking ones still are).
    static func apply(to original: Invocation, in evaluator: inout Evaluator, depth: Int, adminAllows: Bool = false) {
        if evaluator.config.mode == .unrestricted { return }
        var invocation = original
        invocation.written = FilesystemRules.writtenPaths(of: original)
        for position in byProgram.rules(for: invocation.program) {
            let rule = all[Int(position)]
            if adminAllows, rule.id.decision == .needsConfirmation { continue }
            if let message = rule.matcher(invocation) { evaluator.add(rule.id, message) }
        }
        for rule in everyProgram {
            if adminAllows, rule.id.decision == .needsConfirmation { continue }
            if let message = rule.matcher(invocation) { evaluator.add(rule.id, message) }
        }
        if !adminAllows, evaluator.config.extraDenylist.contains(invocation.program) {
            evaluator.add(.configExtraDenylist, "\(invocation.program) is on this host's extra_denylist")
        }
        InterpreterRules.checkCodeInput(invocation, into: &evaluator, depth: depth)
    }
}

/// Shared predicates for matchers.
extension Invocation {
    func paths(_ words: [Word]) -> [PathFacts] { words.map { PathFacts($0, workingDirectory: workingDirectory) } }

    var isRecursive: Bool { hasFlag("r", long: ["--recursive"]) || hasFlag("R") }

    /// Only asks for help or the version: runs nothing.
    var onlyAsksForHelp: Bool {
        !words.isEmpty && words.allSatisfy { ["--help", "-h", "--version", "-V", "-v", "help", "version"].contains($0.text) }
    }

    /// Option values written as `--name=VALUE`, plus the operands: everything that may be a path.
    var pathLikeWords: [Word] {
        words.compactMap { word in
            if word.text.hasPrefix("-") {
                guard let equals = word.text.firstIndex(of: "=") else { return nil }
                var value = word
                value.text = String(word.text[word.text.index(after: equals)...])
                return value
            }
            return Self.localFile(in: word, program: program) ?? word
        }
    }

    /// socat's address types that open a local file.
    static let socatFileAddresses = ["FILE:", "OPEN:", "GOPEN:", "CREATE:", "PIPE:", "UNIX-CONNECT:"]

    /// The local path a URL or address names: `file:///etc/shadow` (curl, wget, any URL reader),
    /// socat's `FILE:/root/.ssh/id_rsa,ignoreeof`. Nil for a word that is not one.
    static func localFile(in word: Word, program: String) -> Word? {
        var path: Substring?
        if word.text.hasPrefix("file://") {
            path = word.text.dropFirst("file://".count)
        } else if program == "socat" {
            let upper = word.text.uppercased()
            if let type = socatFileAddresses.first(where: { upper.hasPrefix($0) }) {
                path = word.text.dropFirst(type.count).prefix { $0 != "," }
            }
        }
        guard let path else { return nil }
        var file = word
        file.text = String(path)
        return file
    }
}
