import AgentContracts
import AgentPolicy

#if canImport(Glibc)
    import Glibc
#endif

/// What the policy says about one command, and what would run if it may: the command text under
/// `/bin/sh -c`, or for the sftp subsystem the real sftp-server (read-only in readonly and cautious).
public struct Judgement {
    public enum Launch: Equatable {
        case shell(command: String)
        case sftp(server: String, arguments: [String])

        public var executable: String {
            switch self {
            case .shell: "/bin/sh"
            case .sftp(let server, _): server
            }
        }

        /// Linux caps one argv string at 128 KiB (MAX_ARG_STRLEN); the reserved line and some
        /// room stay below it.
        public static let longestInlineScript = 120 * 1024

        /// argv. The shell gets the reserved line first, id kept and approval stripped: `cancel`
        /// finds the shell by it, and no token shows in `ps`. A command too long for argv is read
        /// by that shell from descriptor 3 (`script`), closed again before the command runs, as
        /// the client's own loader reads a long command from stdin where no enforcer is installed.
        public func arguments(id: String) -> [String] {
            switch self {
            case .shell(let command):
                let body = script == nil ? command : Self.scriptLoader
                return ["/bin/sh", "-c", ReservedLine.exec(id: id).text + "\n" + body]
            case .sftp(let server, let arguments): return [server] + arguments
            }
        }

        /// The bytes to write into the shell's descriptor 3, for a command longer than argv takes.
        public var script: [UInt8]? {
            guard case .shell(let command) = self, command.utf8.count > Self.longestInlineScript else { return nil }
            return Array(command.utf8)
        }

        /// Reads the whole script from descriptor 3, closes it (its own `exec`: dash applies a
        /// redirection on an assignment before the substitution), then runs it. The `.`
        /// after `cat` proves the read completed (a `cat` killed half-way must not run a prefix of
        /// the judged text) and keeps trailing newlines that `$(…)` would strip; the variable is
        /// unset before the script's first command, so the script sees the environment `sh -c`
        /// would give it.
        static let scriptLoader = """
            __sfa_script=$(/bin/cat <&3 && printf .) || { echo 'ssh-for-agents-enforcer: the command could not be read whole; not run' >&2; exit 126; }
            exec 3<&-
            case $__sfa_script in *.) ;; *) echo 'ssh-for-agents-enforcer: the command could not be read whole; not run' >&2; exit 126 ;; esac
            eval "unset __sfa_script
            ${__sfa_script%.}"
            """
    }

    public let verdict: Verdict
    public let launch: Result<Launch, ReasonError>

    /// Where OpenSSH puts sftp-server on Debian and on Red Hat-like systems.
    public static let sftpServerCandidates = [
        "/usr/lib/openssh/sftp-server", "/usr/libexec/openssh/sftp-server", "/usr/libexec/sftp-server",
    ]

    public static func of(_ command: String, policy: EnforcerPolicy) -> Judgement {
        let engine = PolicyEngine(config: policy.settings.engine)
        switch ServerRequest.recognise(command) {
        case .sftp(let arguments):
            // An sftp session's writes cannot be approved one by one, so where writes need a
            // human (cautious) or are refused (readonly) the session is read-only.
            let readOnly = policy.mode == .readonly || policy.mode == .cautious
            let reasons =
                readOnly
                ? [
                    Reason(
                        rule: "enforcer.sftp-readonly",
                        message: "sftp session, read-only in \(policy.mode.rawValue) mode (sftp-server -R)", decision: .allow)
                ]
                : []
            let verdict = Verdict(
                decision: .allow, segments: [Segment(program: "sftp-server", arguments: arguments)], reasons: reasons)
            guard let server = sftpServer(policy) else {
                return Judgement(
                    verdict: verdict,
                    launch: .failure(
                        ReasonError(
                            EnforcerRule.sftpServerMissing.reason(
                                "no sftp-server at \(policy.sftpServer ?? sftpServerCandidates.joined(separator: ", ")); set sftp_server in the policy"
                            ))))
            }
            // Always a standalone -R at the end, even when one was sent: an "-R" the client sends
            // may be the value of another option (`-P -R`, `-d -R`), which sftp-server then reads
            // as that value and the session is writable.
            let extra = readOnly ? ["-R"] : []
            return Judgement(verdict: verdict, launch: .success(.sftp(server: server, arguments: arguments + extra)))
        case .transfer(let transfer):
            return Judgement(
                verdict: TransferJudgement.verdict(transfer, engine: engine), launch: .success(.shell(command: command)))
        case nil:
            return Judgement(verdict: engine.evaluate(command), launch: .success(.shell(command: command)))
        }
    }

    static func sftpServer(_ policy: EnforcerPolicy) -> String? {
        let candidates = policy.sftpServer.map { [$0] } ?? sftpServerCandidates
        return candidates.first { access($0, X_OK) == 0 }
    }
}

/// A reason as an error, for results that carry one.
public struct ReasonError: Error, Equatable {
    public let reason: Reason
    public init(_ reason: Reason) { self.reason = reason }
}
