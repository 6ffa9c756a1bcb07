import AgentContracts
import AgentPolicy
import HostConfiguration
import RemoteAccess

/// The one path every request takes, for the MCP server and the CLI alike:
/// request → policy → (confirmation) → transport → result (ARCHITECTURE.md, "Data flows one way").
/// It sees the network only through `RemoteTransport`, so the libssh2 pool, an OpenSSH-client
/// transport or an in-memory one (unit tests) can carry its requests.
public final class Gateway: Sendable {
    public let configStore: HostConfigStore
    public let transport: any RemoteTransport
    let enforcerProbes = EnforcerProbeCache()

    public init(configStore: HostConfigStore, transport: any RemoteTransport) {
        self.configStore = configStore
        self.transport = transport
    }

    // MARK: Hosts

    public func listHosts() async throws(GatewayError) -> [HostSummary] {
        try await hostListing().hosts
    }

    /// The hosts and, from the same look at the file, whether the file on disk is currently broken
    /// (the last good configuration is then in use). `probing`: each host's enforcer is probed too,
    /// all at once, each within `probeTimeout` (see `enforcerStatus`).
    public func hostListing(probing: Bool = false, probeTimeout: Duration = .seconds(5))
        async throws(GatewayError) -> (hosts: [HostSummary], configProblem: HostConfigError?)
    {
        let snapshot = try await currentSnapshot()
        let config = snapshot.config
        var hosts = config.aliases.compactMap { config.hosts[$0].map { HostSummary($0) } }
        for index in hosts.indices {
            if let entry = config.hosts[hosts[index].alias], let inUse = await transport.transportInUse(for: entry.sshTarget) {
                hosts[index].transport = inUse
            }
        }
        if probing {
            let statuses = await withTaskGroup(of: (Int, EnforcerStatus).self) { group in
                for (index, host) in hosts.enumerated() {
                    group.addTask { (index, await self.enforcerStatus(host: host.alias, timeout: probeTimeout)) }
                }
                var found: [Int: EnforcerStatus] = [:]
                for await (index, status) in group { found[index] = status }
                return found
            }
            for index in hosts.indices { hosts[index].enforcer = statuses[index] }
        }
        return (hosts, snapshot.problem)
    }

    /// The entry for `alias`, or an error listing the configured aliases.
    public func host(_ alias: String) async throws(GatewayError) -> HostEntry {
        let config = try await currentConfig()
        do {
            return try config.host(alias)
        } catch {
            throw .configuration(error)
        }
    }

    // MARK: Policy

    /// The policy in force for `alias` (its own block over the global one), or the global policy of
    /// hosts.json when no host is named.
    public func policy(forHost alias: String?) async throws(GatewayError) -> PolicyConfig {
        if let alias { return try await host(alias).policy.engine }
        return try await currentConfig().policy.engine
    }

    /// The verdict for `command` under `host`'s effective policy (or the global one), optionally in
    /// another mode. Runs nothing.
    public func check(host alias: String?, command: String, mode: PolicyMode? = nil) async throws(GatewayError) -> PolicyCheck {
        var policy = try await policy(forHost: alias)
        if let mode { policy.mode = mode }
        return PolicyCheck(host: alias, mode: policy.mode, verdict: PolicyEngine(config: policy).evaluate(command))
    }

    // MARK: Remote work

    public func run(_ request: RunRequest, confirmer: Confirmer) async throws(GatewayError) -> RunOutcome {
        if ReservedLine.claims(request.command) { throw .reservedEnvelope }
        let entry = try await host(request.host)
        let verdict = PolicyEngine(config: entry.policy.engine).evaluate(request.command)
        let approval = try await approval(for: verdict, host: entry, command: request.command, confirmer: confirmer)
        let token = try approval.map { _ throws(GatewayError) in try approvalToken(for: entry, command: request.command) }
        let timeout = request.timeout ?? .milliseconds(Int64(entry.policy.defaultTimeoutSeconds * 1000))
        let exec = ExecRequest(
            command: request.command, timeout: timeout,
            maxOutputBytes: entry.policy.maxOutputBytes, approval: token?.text, memoryBytes: request.memoryBytes,
            onOutput: request.onOutput)
        let result = try await onTransport(entry.alias) { try await transport.exec(entry.sshTarget, exec) }
        let refusal = EnforcerRefusal.find(exitStatus: result.exitStatus, stderr: result.stderr.bytes)
        return RunOutcome(host: entry.alias, verdict: verdict, approvedBy: approval, result: result, serverRefusal: refusal)
    }

    /// Reads over SFTP, but only what the policy would let `cat` read: a secret (private key,
    /// `/etc/shadow`, `.env`) needs a human's approval, which only `run_command` can ask for.
    public func readFile(host alias: String, path: String, maxBytes: Int? = nil) async throws(GatewayError) -> RemoteFile {
        let entry = try await host(alias)
        let verdict = PolicyEngine(config: entry.policy.engine).evaluate("cat -- " + ShellQuoting.quote(path))
        switch verdict.decision {
        case .allow:
            break
        case .block:
            throw .blocked(host: alias, verdict: verdict)
        case .needsConfirmation:
            throw .confirmationUnavailable(
                host: alias, verdict: verdict,
                reason:
                    "read_file does not ask for approval; run `cat \(ShellQuoting.quote(path))` with run_command, which asks a human"
            )
        }
        return try await onTransport(alias) {
            try await transport.readFile(entry.sshTarget, path: path, maxBytes: maxBytes ?? entry.policy.maxOutputBytes)
        }
    }

    public func listDirectory(host alias: String, path: String, maxEntries: Int = 10_000) async throws(GatewayError)
        -> RemoteDirectoryListing
    {
        let entry = try await host(alias)
        return try await onTransport(alias) {
            try await transport.listDirectory(entry.sshTarget, path: path, maxEntries: maxEntries)
        }
    }

    /// Ends every pooled connection (on shutdown).
    public func shutdown() async {
        await transport.closeAll()
    }

    // MARK: Internals

    /// Runs a transport call, turning its errors into gateway errors: an `SSHError` says what failed;
    /// a cancellation is the caller's, which the transport honoured by ending the command. Anything
    /// else breaks the transport's contract and is said to be exactly that, not passed off as a
    /// cancellation.
    func onTransport<T: Sendable>(_ alias: String, _ body: () async throws -> T) async throws(GatewayError) -> T {
        do {
            return try await body()
        } catch let error as SSHError {
            throw .transport(host: alias, error, configPath: configStore.path)
        } catch is CancellationError {
            throw .cancelled(host: alias)
        } catch {
            throw .internalError(host: alias, detail: String(describing: error))
        }
    }

    /// The configuration in force; connections of hosts that changed or vanished are closed first,
    /// so a hot-reloaded key or address is used on the very next call.
    private func currentConfig() async throws(GatewayError) -> HostsConfig {
        try await currentSnapshot().config
    }

    func currentSnapshot() async throws(GatewayError) -> HostConfigStore.Snapshot {
        let snapshot: HostConfigStore.Snapshot
        do {
            snapshot = try configStore.current()
        } catch {
            throw .configuration(error)
        }
        for entry in snapshot.retired {
            await transport.close(entry.sshTarget)
        }
        return snapshot
    }

    /// nil when the policy allows the command; how it was approved when a human approved it.
    private func approval(for verdict: Verdict, host: HostEntry, command: String, confirmer: Confirmer) async throws(GatewayError)
        -> String?
    {
        switch verdict.decision {
        case .allow:
            return nil
        case .block:
            throw .blocked(host: host.alias, verdict: verdict)
        case .needsConfirmation:
            let request = ConfirmationRequest(
                host: host.alias, destination: "\(host.username)@\(host.hostname):\(host.port)", command: command,
                verdict: verdict, setting: host.policy.confirmation)
            switch await confirmer.confirm(request) {
            case .approved(let by): return by
            case .declined: throw .confirmationDeclined(host: host.alias, verdict: verdict)
            case .cancelled: throw .confirmationCancelled(host: host.alias, verdict: verdict)
            case .unavailable(let reason): throw .confirmationUnavailable(host: host.alias, verdict: verdict, reason: reason)
            case .pending: throw .confirmationPending(request)
            }
        }
    }
}
