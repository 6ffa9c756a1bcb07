import AgentContracts
import AgentPolicy

#if canImport(Glibc)
    import Glibc
#endif

/// What the policy says about one command, and what would run if it may: the command text under
/// `/bin/sh -c`, or for the sftp subsystem the real sftp-server (read-only in readonly mode).
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

        /// argv. The shell gets the reserved line first, id kept and approval stripped: `cancel`
        /// finds the shell by it, and no token shows in `ps`.
        public func arguments(id: String) -> [String] {
            switch self {
            case .shell(let command): ["/bin/sh", "-c", ReservedLine.exec(id: id).text + "\n" + command]
            case .sftp(let server, let arguments): [server] + arguments
            }
        }
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
            let readOnly = policy.mode == .readonly
            let reasons =
                readOnly
                ? [Reason(rule: "enforcer.sftp-readonly", message: "sftp session, read-only (sftp-server -R)", decision: .allow)]
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
            let extra = readOnly && !arguments.contains("-R") ? ["-R"] : []
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
