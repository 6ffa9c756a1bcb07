import AgentContracts
import HostConfiguration

#if canImport(Glibc)
    import Glibc
#endif

extension Gateway {
    /// How long a human's approval stays good for the server. Long enough for a slow command to
    /// start and for clocks that disagree by a minute or two; the enforcer's nonce record makes
    /// each token single use whatever its lifetime.
    static let approvalLifetimeSeconds: Int64 = 300

    /// The token that tells the host's enforcer a human approved exactly `command`: signed with the
    /// key from the host's `approval_key_env` variable when it names one, unsigned otherwise. The
    /// token binds the account, the alias and the command's exact bytes, as the enforcer checks.
    func approvalToken(
        for entry: HostEntry, command: String,
        now: Int64 = Int64(time(nil))
    ) throws(GatewayError) -> ApprovalToken {
        let expiry = now + Self.approvalLifetimeSeconds
        guard let variable = entry.approvalKeyEnv else { return .unsigned(expiry: expiry) }
        guard let pointer = getenv(variable) else {
            throw .approvalKeyUnavailable(host: entry.alias, variable: variable, problem: "\(variable) is not set")
        }
        do {
            let key = try ApprovalKey.key(fromText: String(cString: pointer))
            let subject = ApprovalToken.Subject(user: entry.username, hostAlias: entry.alias, command: command)
            return .signed(subject, expiry: expiry, key: key)
        } catch {
            throw .approvalKeyUnavailable(host: entry.alias, variable: variable, problem: "\(variable): \(error)")
        }
    }
}
