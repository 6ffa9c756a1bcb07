import AgentContracts
import AgentPolicy
import Crypto

#if canImport(Glibc)
    import Glibc
#endif

/// One ForceCommand invocation, start to exit status. The order matters:
/// 1. with the setgid group still held: read the policy, open the audit sinks, read the approval
///    key, read the command, check the token and record its nonce (`Privileged`);
/// 2. drop the group for good;
/// 3. judge the command, write the decision, run it (or refuse), write the end record.
public struct ForceCommandRun {
    /// Runs an audit query for a reserved `audit` line's fields against the given file.
    public typealias AuditQuery = (_ fields: [(key: String, value: String)], _ auditFile: String?) -> Int32

    let policyPath: String
    let auditQuery: AuditQuery
    let context = SessionContext.current()
    let started = UTCTime.now()

    public init(policyPath: String, auditQuery: @escaping AuditQuery) {
        self.policyPath = policyPath
        self.auditQuery = auditQuery
    }

    /// What arrived, once the reserved line is read.
    enum Request {
        case command(id: String, text: String, approval: String?)
        case probe
        case cancel(id: String)
        case audit(fields: [(key: String, value: String)], line: String)
    }

    public func run() -> Int32 {
        // 1. Privileged part.
        let policy: EnforcerPolicy
        do {
            policy = try PolicyFileLoader.load(policyPath, defaultHostAlias: AccountName.shortHostName)
        } catch {
            // No policy, so no configured sink: syslog if it listens, and stderr.
            return refuse(
                EnforcerRefusal(
                    mode: nil, decision: .block,
                    reasons: [
                        EnforcerRule.policyUnavailable.reason(error.description)
                    ]),
                policy: nil, sink: try? AuditSink(EnforcerPolicy.AuditSinks()), command: originalCommand ?? "")
        }
        let sink: AuditSink
        do {
            sink = try AuditSink(policy.audit)
        } catch {
            return refuse(
                EnforcerRefusal(
                    mode: policy.mode, decision: .block,
                    reasons: [
                        EnforcerRule.auditUnavailable.reason("\(error.description); nothing runs unrecorded")
                    ]),
                policy: policy, sink: nil, command: originalCommand ?? "")
        }
        let audit = Auditor(sink: sink, context: context, mode: policy.mode)
        var key: SymmetricKey?
        if let keyFile = policy.approvalKeyFile {
            do {
                key = try ApprovalKeyFile.read(keyFile)
            } catch {
                return refuse(blocking(.approvalKeyUnavailable, error.description, policy), audit, command: originalCommand ?? "")
            }
        }
        guard let original = originalCommand else {
            return refuse(
                blocking(
                    .interactiveLogin,
                    "interactive logins are refused; this account runs single commands judged by the policy (ssh HOST 'COMMAND')",
                    policy),
                audit, command: "")
        }
        let request: Request
        switch readRequest(original) {
        case .success(let parsed): request = parsed
        case .failure(let refusal): return refuse(refusal.with(policy), audit, command: original)
        }
        var token = TokenStatus.absent
        if case .command(_, let text, let approval) = request, approval != nil {
            token = TokenStatus.check(
                approval, subject: .init(user: context.user, hostAlias: policy.hostAlias, command: text),
                key: key, nonces: NonceStore(directory: policy.stateDirectory),
                now: started)
        }
        var auditReadFile: String?
        if case .audit = request, let file = policy.audit.file {
            // The trail may be readable by the group only; hand the query an open descriptor.
            let fd = open(file, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { auditReadFile = "/dev/fd/\(fd)" }
        }

        // 2. Drop the group before anything is judged or run.
        do {
            try PrivilegeDrop.dropGroupForGood()
        } catch {
            return refuse(blocking(.privilegeDrop, error.description, policy), audit, command: original)
        }
        if let keyFile = policy.approvalKeyFile, getuid() != 0, ApprovalKeyFile.readableNow(keyFile) {
            return refuse(
                blocking(
                    .approvalKeyUnavailable,
                    "\(keyFile) is readable by the account \(context.user) itself, so its commands could read the key; make it root:GROUP 0640 and the enforcer setgid GROUP (docs/ENFORCER.md)",
                    policy),
                audit, command: original)
        }

        // 3. Judge and act.
        switch request {
        case .probe:
            guard audit.decision(command: ReservedLine.probe.text, execID: nil, verdict: .allowed) else {
                return auditFailed(policy)
            }
            StandardStreams.out(
                ProbeReply(
                    version: EnforcerVersion.current, mode: policy.mode, policyDigest: policy.digest,
                    signedApprovals: key != nil
                ).jsonLine + "\n")
            return 0
        case .cancel(let id):
            guard audit.decision(command: ReservedLine.cancel(id: id).text, execID: id, verdict: .allowed) else {
                return auditFailed(policy)
            }
            _ = GroupCancel.cancel(id: id)
            return 0
        case .audit(let fields, let line):
            if let field = fields.first(where: { $0.key == "file" || $0.key == "journal" }) {
                return refuse(
                    blocking(
                        .auditScope, "an audit line may not name \(field.key); it reads the enforcer's own log only", policy),
                    audit, command: line)
            }
            guard audit.decision(command: line, execID: nil, verdict: .allowed) else { return auditFailed(policy) }
            return auditQuery(fields, auditReadFile ?? policy.audit.file)
        case .command(let id, let text, _):
            return judgeAndRun(id: id, command: text, token: token, policy: policy, audit: audit)
        }
    }

    private func judgeAndRun(id: String, command: String, token: TokenStatus, policy: EnforcerPolicy, audit: Auditor) -> Int32 {
        let judgement = Judgement.of(command, policy: policy)
        switch ApprovalOutcome.decide(verdict: judgement.verdict, mode: policy.mode, token: token) {
        case .refuse(let refusal, let confirmation):
            _ = audit.decision(
                command: command, execID: id, verdict: refusal.asVerdict(segments: judgement.verdict.segments),
                confirmation: confirmation)
            StandardStreams.refusal(refusal)
            return EnforcerRefusal.exitStatus
        case .run(let confirmation):
            let launch: Judgement.Launch
            switch judgement.launch {
            case .success(let resolved): launch = resolved
            case .failure(let error):
                return refuse(
                    EnforcerRefusal(mode: policy.mode, decision: .block, reasons: [error.reason]), audit, command: command,
                    execID: id)
            }
            guard audit.decision(command: command, execID: id, verdict: judgement.verdict, confirmation: confirmation) else {
                return auditFailed(policy)
            }
            let begin = MonotonicClock.now()
            let exit: ChildProcess.Exit
            do {
                exit = try ChildProcess.run(
                    launch.executable, launch.arguments(id: id),
                    environment: CleanEnvironment.entries(from: CleanEnvironment.currentPairs()), descriptor3: launch.script)
            } catch {
                return refuse(
                    EnforcerRefusal(
                        mode: policy.mode, decision: .block, reasons: [EnforcerRule.launchFailed.reason(error.description)]),
                    audit, command: command, execID: id)
            }
            audit.end(
                command: command, execID: id, verdict: judgement.verdict, confirmation: confirmation, exit: exit,
                durationMs: MonotonicClock.milliseconds(since: begin))
            return exit.status
        }
    }

    // MARK: Reading the request

    var originalCommand: String? {
        getenv("SSH_ORIGINAL_COMMAND").map { String(cString: $0) }
    }

    private func readRequest(_ original: String) -> Result<Request, PartialRefusal> {
        guard let (line, rest) = ReservedLine.parse(original) else {
            if ReservedLine.claims(original) {
                return .failure(
                    PartialRefusal(
                        .reservedLineInvalid, "the first line looks like ssh-for-agents' reserved line but is not one it can read"
                    ))
            }
            return .success(.command(id: ExecID.random(), text: original, approval: nil))
        }
        guard line.version == ReservedLine.currentVersion else {
            return .failure(
                PartialRefusal(
                    .reservedLineInvalid,
                    "reserved line version \(line.version) is not known to this enforcer (it reads version \(ReservedLine.currentVersion)); update it"
                ))
        }
        switch line.verb {
        case .probe:
            return .success(.probe)
        case .audit:
            return .success(.audit(fields: line.fields, line: line.text))
        case .cancel:
            guard let id = line.value("id") else {
                return .failure(PartialRefusal(.reservedLineInvalid, "a cancel line without id="))
            }
            return .success(.cancel(id: id))
        case .exec:
            guard let id = line.value("id") else {
                return .failure(PartialRefusal(.reservedLineInvalid, "an exec line without id="))
            }
            guard line.value("stdin") != nil else {
                return .success(.command(id: id, text: String(rest), approval: line.value("approval")))
            }
            guard let count = line.stdinBytes, count <= StdinCommand.maxBytes else {
                return .failure(
                    PartialRefusal(.reservedLineInvalid, "stdin= must be a byte count of at most \(StdinCommand.maxBytes)"))
            }
            // The body after the line is the loader for shells without an enforcer; the
            // command is exactly the next `count` bytes of stdin.
            switch StdinCommand.read(count) {
            case .success(let text): return .success(.command(id: id, text: text, approval: line.value("approval")))
            case .failure(let problem): return .failure(PartialRefusal(.commandIncomplete, problem.description))
            }
        }
    }

    // MARK: Refusing

    /// A refusal whose mode is filled in once the policy is known.
    struct PartialRefusal: Error {
        let rule: EnforcerRule
        let message: String
        init(_ rule: EnforcerRule, _ message: String) {
            self.rule = rule
            self.message = message
        }
        func with(_ policy: EnforcerPolicy) -> EnforcerRefusal {
            EnforcerRefusal(mode: policy.mode, decision: .block, reasons: [rule.reason(message)])
        }
    }

    private func blocking(_ rule: EnforcerRule, _ message: String, _ policy: EnforcerPolicy) -> EnforcerRefusal {
        EnforcerRefusal(mode: policy.mode, decision: .block, reasons: [rule.reason(message)])
    }

    private func refuse(_ refusal: EnforcerRefusal, _ audit: Auditor, command: String, execID: String? = nil) -> Int32 {
        _ = audit.decision(
            command: command, execID: execID, verdict: refusal.asVerdict(segments: []),
            confirmation: AuditRecord.Confirmation(kind: .none))
        StandardStreams.refusal(refusal)
        return EnforcerRefusal.exitStatus
    }

    private func refuse(_ refusal: EnforcerRefusal, policy: EnforcerPolicy?, sink: AuditSink?, command: String) -> Int32 {
        if let sink {
            _ = Auditor(sink: sink, context: context, mode: policy?.mode).decision(
                command: command, execID: nil, verdict: refusal.asVerdict(segments: []))
        }
        StandardStreams.refusal(refusal)
        return EnforcerRefusal.exitStatus
    }

    private func auditFailed(_ policy: EnforcerPolicy) -> Int32 {
        StandardStreams.refusal(
            blocking(.auditUnavailable, "the decision could not be written to the audit trail; nothing runs unrecorded", policy))
        return EnforcerRefusal.exitStatus
    }
}

extension EnforcerRefusal {
    /// The refusal as the verdict its audit record carries.
    func asVerdict(segments: [Segment]) -> Verdict {
        Verdict(decision: decision, segments: segments, reasons: reasons)
    }
}

extension Verdict {
    static let allowed = Verdict(decision: .allow, segments: [], reasons: [])
}

/// Exec ids for commands that came without our reserved line (a raw `ssh host CMD`), so their
/// records pair up and `cancel` can find them too.
enum ExecID {
    static func random() -> String {
        let digits = String(UInt64.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
