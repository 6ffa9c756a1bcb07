/// Walks a parsed script: every simple command (including those inside substitutions, compound
/// commands and wrappers) becomes an `Invocation`, and every invocation goes through the rules of
/// the active mode. Findings accumulate; the strictest decides.
struct Evaluator {
    let config: PolicyConfig
    private(set) var reasons: [Reason] = []
    private(set) var segments: [Segment] = []
    /// Bounds the work on adversarial input (thousands of nested wrappers or substitutions).
    private var budget = 250_000
    /// Files this script wrote with known content (`cat > x.sh <<EOF`), so running them is judged.
    private(set) var writtenScripts = WrittenScripts()
    /// Variables the script set to fixed values (`R=rm`), so `$R -rf /` is judged as `rm -rf /`.
    private var variables = KnownVariables()
    /// Functions this script defined (`f() { rm -rf "$1"; }`), so a call with fixed arguments
    /// (`f /`) is judged with `$1`… bound; and those being expanded now, so recursion stops.
    private var functions: [(name: String, body: Command)] = []
    private var expandingFunctions: [String] = []
    /// Whether any `cd`/`pushd`/`popd` ran so far: until one does, SSH runs commands in the home directory.
    private var directoryChanged = false
    /// How many pipeline stages before and after a command its rules can see.
    static let neighbourWindow = 16

    init(config: PolicyConfig) {
        self.config = config
    }

    var decision: Decision { reasons.map(\.decision).max() ?? .allow }

    /// A finding of a built-in rule: its decision comes from the catalogue.
    mutating func add(_ rule: RuleID, _ message: String) {
        if config.mode == .unrestricted, rule != .parseUnparseable { return }
        add(id: rule.rawValue, decision: rule.decision, message: message)
    }

    /// A finding under any id (the built-in catalogue's or an administrator's rule).
    mutating func add(id: String, decision: Decision, message: String) {
        var decision = decision
        // readonly: anything that is not plainly allowed is blocked.
        if config.mode == .readonly, decision == .needsConfirmation { decision = .block }
        // unrestricted drops the catalogue's findings, not what the administrator asked for by name.
        if config.mode == .unrestricted, id != RuleID.parseUnparseable.rawValue, !id.hasPrefix(AdminRule.idPrefix) { return }
        if reasons.contains(where: { $0.rule == id && $0.message == message }) { return }
        reasons.append(Reason(rule: id, message: message, decision: decision))
    }

    // MARK: Structure

    mutating func evaluate(_ script: Script, depth: Int, workingDirectory: String? = nil) {
        var directory = workingDirectory
        for pipeline in script.pipelines {
            evaluate(pipeline, depth: depth, workingDirectory: &directory)
        }
    }

    private mutating func evaluate(_ pipeline: Pipeline, depth: Int, workingDirectory: inout String?) {
        var invocations: [(position: Int, invocation: Invocation)] = []
        for (position, command) in pipeline.commands.enumerated() {
            switch command {
            case .simple(let simple):
                evaluateNested(in: simple, depth: depth)
                // `while IFS= read -r line`: IFS before `read` only shapes how that line is split.
                let readsLine = ["read", "mapfile", "readarray"].contains(simple.words.first?.text ?? "")
                checkAssignments(readsLine ? simple.assignments.filter { $0.name != "IFS" } : simple.assignments, depth: depth)
                if let invocation = Self.invocation(from: simple, workingDirectory: workingDirectory) {
                    invocations.append((position, invocation))
                } else {
                    checkRedirects(simple.redirects, workingDirectory: workingDirectory)
                    variables.record(simple.assignments)
                }
            case .compound(let scripts, let redirects):
                for script in scripts { evaluate(script, depth: depth + 1, workingDirectory: workingDirectory) }
                for redirect in redirects { evaluateSubstitutions(of: redirect.target, depth: depth) }
                checkRedirects(redirects, workingDirectory: workingDirectory)
            case .functionDefinition(let name, let body):
                ProcessRules.checkForkBomb(name: name, body: body, into: &self)
                functions.removeAll { $0.name == name }
                functions.append((name, body))
                evaluate(Script(pipelines: [Pipeline(commands: [body])]), depth: depth + 1, workingDirectory: workingDirectory)
            }
        }
        // Each invocation sees what feeds it and what it feeds: up to `neighbourWindow` stages either
        // side, which keeps a pathological 100,000-stage pipeline linear.
        for (offset, entry) in invocations.enumerated() {
            var invocation = entry.invocation
            // A bare `cd` goes back to the home directory, where SSH started the command.
            if ["cd", "pushd", "popd"].contains(invocation.program) {
                directoryChanged = !(invocation.program == "cd" && invocation.operands.isEmpty)
            }
            invocation.inHomeDirectory = !directoryChanged
            invocation.upstream = invocations[max(0, offset - Self.neighbourWindow)..<offset].map(\.invocation)
            invocation.downstream = invocations[(offset + 1)..<min(invocations.count, offset + 1 + Self.neighbourWindow)].map(
                \.invocation.program)
            inspect(invocation, depth: depth)
            writtenScripts.record(invocation)
        }
        if pipeline.commands.count == 1, let only = invocations.first?.invocation, only.program == "cd" || only.program == "pushd"
        {
            workingDirectory =
                only.program == "cd" && only.operands.isEmpty
                ? PathFacts.home : only.firstOperand.flatMap { PathFacts($0, workingDirectory: workingDirectory).absolutePath }
        }
    }

    private mutating func evaluateNested(in command: SimpleCommand, depth: Int) {
        for word in command.words { evaluateSubstitutions(of: word, depth: depth) }
        for assignment in command.assignments { evaluateSubstitutions(of: assignment.value, depth: depth) }
        for redirect in command.redirects { evaluateSubstitutions(of: redirect.target, depth: depth) }
    }

    private mutating func evaluateSubstitutions(of word: Word, depth: Int) {
        for script in word.substitutions { evaluate(script, depth: depth + 1) }
    }

    /// Parses `text` as shell code (from `sh -c`, `eval`, a heredoc fed to a shell, …) and checks it.
    mutating func evaluateCode(_ text: String, depth: Int, origin: String) {
        guard depth < ShellParser.maximumDepth else {
            add(.parseUnparseable, "cannot be parsed: nesting deeper than \(ShellParser.maximumDepth) levels")
            return
        }
        var parser = ShellParser(text, depth: depth + 1)
        do {
            evaluate(try parser.parseAll(), depth: depth + 1)
        } catch {
            let message = (error as? ParseFailure)?.message ?? "\(error)"
            add(.parseUnparseable, "cannot be parsed: the code run by \(origin) (\(message))")
        }
    }

    /// Shell commands embedded in another language's strings (`os.system('rm -rf /')`): judged when
    /// they parse as shell; text that does not parse is just not a command.
    mutating func evaluateEmbeddedCommands(_ strings: [String], depth: Int) {
        guard depth < ShellParser.maximumDepth else { return }
        for text in strings where text.contains(" ") || text.contains("/") {
            var parser = ShellParser(text, depth: depth + 1)
            guard let script = try? parser.parseAll() else { continue }
            evaluate(script, depth: depth + 1)
        }
    }

    // MARK: Invocations

    static func invocation(from command: SimpleCommand, workingDirectory: String?) -> Invocation? {
        guard let first = command.words.first else { return nil }
        var invocation = Invocation(
            program: ProgramName.normalise(first), programWord: first, words: Array(command.words.dropFirst()),
            redirects: command.redirects, assignments: command.assignments)
        invocation.inlineInput = command.redirects.lazy.compactMap(\.inlineInput).last
        invocation.workingDirectory = workingDirectory
        return invocation
    }

    /// Sees through wrappers, then applies the rules to what actually runs.
    mutating func inspect(_ start: Invocation, depth: Int) {
        budget -= 1
        guard budget > 0 else {
            add(.parseUnparseable, "cannot be parsed: too many commands to check")
            return
        }
        var invocation = BraceExpansion.expanded(variables.substituted(in: start))
        // `$(echo rm) -rf /`: a program name printed by a fixed echo is that name. It may hold
        // several words (`$(echo rm -rf /)`), so it is re-split like a variable holding them.
        let folded = ConstantSubstitutions.folded(invocation.programWord)
        if folded.text != invocation.programWord.text {
            invocation.programWord = folded
            invocation.program = ProgramName.normalise(folded)
            invocation.programFromVariable = true
        }
        // A launched command starts as a copy of its launcher: its verb is its own.
        invocation.cachedCall = .none
        if let split = IFSSplitting.resplit(invocation) {
            // `rm${IFS}-rf${IFS}/`: $IFS splits words at run time; judge the command it becomes.
            segments.append(invocation.segment)
            evaluateCode(split, depth: depth, origin: "a command split by $IFS")
            return
        }
        var hops = 0
        while hops < 64 {
            hops += 1
            checkRedirects(invocation.redirects, workingDirectory: invocation.workingDirectory)
            guard let launched = Wrappers.unwrap(invocation, into: &self) else { break }
            FilesystemRules.checkWrapperWrites(invocation, into: &self)
            if config.mode == .readonly, invocation.program == "sudo" || invocation.program == "doas" {
                add(.readonlySudo, "\(invocation.program) is not allowed in readonly mode")
            }
            segments.append(invocation.segment)
            // A wrapper is a command too: `["sudo", "-i"]` or `["timeout", "0"]` must not be a rule
            // that never matches. Only block and confirm apply here; what it runs is judged on its own.
            if !config.adminRules.isEmpty { _ = applyAdminRules(to: invocation, relaxing: false) }
            switch launched {
            case .command(let words, let extraAssignments):
                guard let first = words.first else { return }
                checkAssignments(extraAssignments, depth: depth)
                var inner = invocation
                inner.wrappers.append(invocation.program)
                inner.program = ProgramName.normalise(first)
                inner.programWord = first
                inner.words = Array(words.dropFirst())
                // The launched program inherits the wrapper's standard input (`sudo nc h 9 < key`);
                // the wrapper's output redirections were judged on the wrapper already.
                inner.redirects = invocation.redirects.filter { $0.op == .input }
                invocation = inner
            case .code(let text, let origin):
                evaluateCode(text, depth: depth, origin: origin)
                return
            case .stdin(let origin):
                ShellInputRules.check(invocation, origin: origin, into: &self, depth: depth)
                return
            case .finding(let rule, let message):
                add(rule, message)
                return
            }
        }
        segments.append(invocation.segment)
        // `[` alone is the test program: a bracket is a pattern only with its closing `]`.
        let programText = invocation.programWord.text
        if invocation.programWord.hasUnquotedGlob,
            programText.contains("*") || programText.contains("?") || programText.contains("]")
        {
            add(
                .execGlobProgram,
                "the program name \"\(invocation.programWord.text)\" is a file-name pattern, so the policy cannot see which program runs"
            )
        } else if invocation.programWord.startsWithExpansion
            || (!invocation.programWord.isStatic && invocation.program.contains("$"))
        {
            add(
                .execDynamicProgram,
                "the program name \"\(invocation.programWord.text)\" is computed at run time, so the policy cannot see what runs")
        }
        if ["export", "declare", "typeset", "local", "readonly"].contains(invocation.program) {
            // `export LD_PRELOAD=…` injects code into every later command, like a prefix assignment.
            let assigned = invocation.operands.compactMap { word -> (name: String, value: Word)? in
                guard let equals = word.text.firstIndex(of: "="), equals != word.text.startIndex else { return nil }
                var value = word
                value.text = String(word.text[word.text.index(after: equals)...])
                return (String(word.text[..<equals]), value)
            }
            checkAssignments(assigned, depth: depth)
            variables.record(assigned)
        }
        if ProgramTable.layouts[invocation.program] != nil { invocation.cachedCall = .some(ProgramTable.call(invocation)) }
        // No admin rules (the usual case): one emptiness test, nothing allocated.
        let adminAllows = config.adminRules.isEmpty ? false : applyAdminRules(to: invocation)
        RuleBook.apply(to: invocation, in: &self, depth: depth, adminAllows: adminAllows)
        // A script written earlier in this command (`echo 'rm -rf /' > /tmp/t; chmod +x /tmp/t;
        // /tmp/t`, or handed to a tool: `tcpdump -z /tmp/t`) is judged by what it holds.
        if let text = writtenScripts.content(of: invocation.programWord, workingDirectory: invocation.workingDirectory) {
            evaluateCode(text, depth: depth, origin: "\(invocation.programWord.text) (written earlier in this command)")
        }
        for word in writtenScripts.isEmpty ? [] : ShellOperands.possibleScripts(of: invocation) {
            guard let text = writtenScripts.content(of: word, workingDirectory: invocation.workingDirectory) else { continue }
            evaluateCode(
                text, depth: depth, origin: "\(word.text) (written earlier in this command), run by \(invocation.program)")
        }
        // A cron table written with visible entries runs them later, unattended: judge them now.
        for job in ScheduledJobs.cronFileJobs(invocation) {
            evaluateCode(job, depth: depth, origin: "a cron entry written by \(invocation.program)")
        }
        for nested in Launchers.nested(in: invocation) {
            switch nested {
            case .command(let words, _):
                guard let first = words.first else { continue }
                var inner = invocation
                inner.wrappers.append(invocation.program)
                inner.program = ProgramName.normalise(first)
                inner.programWord = first
                inner.words = Array(words.dropFirst())
                inner.redirects = []
                inner.inlineInput = nil
                inspect(inner, depth: depth + 1)
            case .code(let text, let origin):
                evaluateCode(text, depth: depth, origin: origin)
            case .stdin(let origin):
                ShellInputRules.check(invocation, origin: origin, into: &self, depth: depth)
            case .finding(let rule, let message):
                add(rule, message)
            }
        }
        expandCall(of: invocation, depth: depth)
        // An admin `allow` counts as a readonly addition: the allow-list does not judge it.
        if !adminAllows { ModeRules.apply(to: invocation, in: &self) }
    }

    /// `f() { rm -rf "$1"; }; f /`: a call of a function defined earlier, with fixed arguments,
    /// runs its body with `$1`, `$2`, … set to them; the body is judged that way too.
    private mutating func expandCall(of invocation: Invocation, depth: Int) {
        guard !functions.isEmpty, invocation.wrappers.isEmpty, !expandingFunctions.contains(invocation.program),
            depth + 1 < ShellParser.maximumDepth, invocation.words.count <= 9, invocation.words.allSatisfy(\.isStatic),
            let body = functions.last(where: { $0.name == invocation.program })?.body
        else { return }
        let saved = variables
        variables.record(invocation.words.enumerated().map { (name: String($0.offset + 1), value: $0.element) })
        expandingFunctions.append(invocation.program)
        evaluate(Script(pipelines: [Pipeline(commands: [body])]), depth: depth + 1, workingDirectory: invocation.workingDirectory)
        expandingFunctions.removeLast()
        variables = saved
    }

    /// Applies the administrator's rules that match this command; the strictest decides. Returns
    /// whether that is an `allow` (so the built-in confirmations about the command are lifted).
    /// `relaxing: false` (a wrapper layer): a matching `allow` neither lifts nor is recorded.
    private mutating func applyAdminRules(to invocation: Invocation, relaxing: Bool = true) -> Bool {
        var strictest: AdminRule.Decision?
        for rule in config.adminRules where rule.matches(program: invocation.program, words: invocation.words) {
            strictest = max(strictest ?? rule.decision, rule.decision)
        }
        guard let strictest, relaxing || strictest != .allow else { return false }
        for rule in config.adminRules
        where rule.decision == strictest && rule.matches(program: invocation.program, words: invocation.words) {
            // An allow is recorded too (decision allow): the verdict and audit say which rule let it run.
            add(id: rule.id, decision: strictest.verdict, message: rule.reason)
        }
        return strictest == .allow
    }

    mutating func checkRedirects(_ redirects: [Redirect], workingDirectory: String?) {
        for redirect in redirects { FilesystemRules.checkRedirect(redirect, workingDirectory: workingDirectory, into: &self) }
    }

    mutating func checkAssignments(_ assignments: [(name: String, value: Word)], depth: Int) {
        EnvironmentRules.check(assignments, depth: depth, into: &self)
        // `AUTOM4TE=/tmp/t autoconf`: a variable naming a script written earlier runs what it holds.
        for assignment in assignments where !writtenScripts.isEmpty {
            if let text = writtenScripts.content(of: assignment.value, workingDirectory: nil) {
                evaluateCode(
                    text, depth: depth, origin: "\(assignment.value.text) (written earlier, named by \(assignment.name))")
            }
        }
    }
}

/// Program names as the rules know them.
enum ProgramName {
    /// Directories whose programs are the real, packaged ones: `/usr/bin/rm` is `rm`.
    static let standardDirectories: NameSet = [
        "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/usr/lib/openssh",
    ]

    static func normalise(_ word: Word) -> String {
        let text = word.text
        guard text.contains("/") else { return text }
        guard let slash = text.lastIndex(of: "/") else { return text }
        let directory = String(text[..<slash])
        let name = String(text[text.index(after: slash)...])
        let normalised = PathFacts.normalise(directory.isEmpty ? "/" : directory) ?? directory
        if standardDirectories.contains(normalised) || directory.isEmpty { return name }
        return text
    }
}
