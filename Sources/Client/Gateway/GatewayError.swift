import AgentContracts
import AgentPolicy
import HostConfiguration
import RemoteAccess

/// Why a request did not produce a result, each phrased so the caller (often a model) knows what to
/// do next.
public enum GatewayError: Error, Sendable, CustomStringConvertible {
    case configuration(HostConfigError)
    case blocked(host: String, verdict: Verdict)
    case confirmationUnavailable(host: String, verdict: Verdict, reason: String)
    case confirmationDeclined(host: String, verdict: Verdict)
    case confirmationCancelled(host: String, verdict: Verdict)
    /// The human is to be asked by the caller, who comes back with the answer in a new request.
    case confirmationPending(ConfirmationRequest)
    /// The caller's command starts with (something like) the reserved line that only we may write.
    case reservedEnvelope
    /// A human approved the command, but the host's `approval_key_env` names a variable that is
    /// unset or does not hold a usable key, so no signed approval can be made. Not run.
    case approvalKeyUnavailable(host: String, variable: String, problem: String)
    /// `configPath`: the hosts.json in use, so advice (trusting a host key) names the right file.
    case transport(host: String, SSHError, configPath: String? = nil)
    /// The caller cancelled the request; a running remote command was ended.
    case cancelled(host: String)
    /// The transport failed in a way its contract does not allow (a bug, not the network).
    case internalError(host: String, detail: String)

    public var description: String {
        switch self {
        case .configuration(let error):
            return error.description
        case .blocked(let host, let verdict):
            return "blocked on \(host) by policy: \(Self.reasons(verdict)). No confirmation can unlock this; "
                + "change the command (or ask an administrator to run it)."
        case .confirmationUnavailable(let host, let verdict, let reason):
            return "needs confirmation on \(host): \(Self.reasons(verdict)). Not run: \(reason)."
        case .confirmationDeclined(let host, let verdict):
            return "the human declined to run this on \(host) (\(Self.reasons(verdict))); it was not run. "
                + "Do not retry it unchanged; ask the human what they want instead."
        case .confirmationCancelled(let host, let verdict):
            return "the confirmation request for \(host) was cancelled (\(Self.reasons(verdict))); it was not run."
        case .confirmationPending(let request):
            return "needs confirmation on \(request.host): \(Self.reasons(request.verdict)). Not run yet: "
                + "the human is asked first, and the request is retried with their answer."
        case .reservedEnvelope:
            return "the command's first line is, or looks like, ssh-for-agents' reserved line (`trap : EXIT # ssh-for-agents/…`, "
                + "`: ssh-for-agents …`), which only ssh-for-agents itself writes: it carries approvals for the server, "
                + "so one in your command would be a forged approval. Remove that line"
        case .approvalKeyUnavailable(let host, let variable, let problem):
            return "not run on \(host): a human approved it, but no signed approval could be made: \(problem). "
                + "hosts.json names the environment variable \(variable) (approval_key_env) for this host; set it, in the "
                + "environment ssh-for-agents runs in, to the text of the server's approval_key_file"
        case .transport(let host, let error, let configPath):
            return "\(host): \(error.description(trustCommand: Self.trustCommand(host: host, configPath: configPath)))"
        case .cancelled(let host):
            return "the request for \(host) was cancelled; a command that had started was ended"
        case .internalError(let host, let detail):
            return "internal error on \(host): \(detail). Whether the command ran is unknown; please report this"
        }
    }

    /// The policy verdict behind a refusal, when there is one.
    public var verdict: Verdict? {
        switch self {
        case .blocked(_, let verdict), .confirmationUnavailable(_, let verdict, _),
            .confirmationDeclined(_, let verdict), .confirmationCancelled(_, let verdict):
            return verdict
        case .confirmationPending(let request):
            return request.verdict
        case .configuration, .reservedEnvelope, .approvalKeyUnavailable, .transport, .cancelled, .internalError:
            return nil
        }
    }

    /// `ssh-for-agents-config [--config FILE] trust ALIAS`, as a user can paste it.
    static func trustCommand(host: String, configPath: String?) -> String {
        let config = configPath.map { " --config " + ShellQuoting.quote($0) } ?? ""
        return "ssh-for-agents-config\(config) trust \(host)" // aliases need no quoting (letters, digits, -_.)
    }

    static func reasons(_ verdict: Verdict) -> String {
        verdict.summary
    }
}
