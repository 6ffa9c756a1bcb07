import AgentContracts
import RemoteAccess

extension Gateway {
    /// Sends `line` as the whole command: a reserved line (`audit`, `probe`) that a server-side
    /// enforcer answers itself. Only we build these lines, so no caller text reaches the host here
    /// and the policy has nothing to judge; without an enforcer the line is a shell comment after
    /// a no-op, so the host prints nothing and exits 0.
    public func sendReservedLine(
        _ line: ReservedLine, host alias: String,
        timeout: Duration = .seconds(30)
    ) async throws(GatewayError) -> ExecResult {
        let entry = try await host(alias)
        let request = ExecRequest(
            command: line.text, timeout: timeout,
            maxOutputBytes: entry.policy.maxOutputBytes, isReservedLine: true)
        return try await onTransport(entry.alias) { try await transport.exec(entry.sshTarget, request) }
    }
}
