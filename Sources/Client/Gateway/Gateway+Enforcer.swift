import AgentContracts
import HostConfiguration
import RemoteAccess

extension Gateway {
    /// What the probe says of `alias`'s server-side enforcer. Answered from a cache while the host's
    /// connection settings stay the same (`EnforcerProbeCache`); "unknown" is never cached, so an
    /// unreachable host is asked again next time.
    public func enforcerStatus(host alias: String, timeout: Duration = .seconds(5)) async -> EnforcerStatus {
        let entry: HostEntry
        do {
            entry = try await host(alias)
        } catch {
            return .unknown("\(error)")
        }
        let target = entry.sshTarget
        if let cached = await enforcerProbes.status(for: target) { return cached }
        let status = await withTaskGroup(of: EnforcerStatus.self) { group in
            // The exec deadline does not cover connecting; this bounds the whole probe, so one dead
            // host cannot hold up a listing.
            group.addTask { await self.probe(target, timeout: timeout) }
            group.addTask {
                try? await Task.sleep(for: timeout + .seconds(1))
                return .unknown("no answer to the probe within \(timeout)")
            }
            let first = await group.next() ?? .unknown("the probe did not run")
            group.cancelAll()
            return first
        }
        if case .unknown = status { return status }
        await enforcerProbes.store(status, for: target)
        return status
    }

    /// Runs the reserved probe line as the whole command: an enforcer answers it with one JSON line;
    /// a plain shell runs it as the no-op it is and prints nothing.
    private func probe(_ target: SSHTarget, timeout: Duration) async -> EnforcerStatus {
        let request = ExecRequest(
            command: ReservedLine.probe.text, timeout: timeout, maxOutputBytes: 64 << 10,
            isReservedLine: true)
        let result: ExecResult
        do {
            result = try await transport.exec(target, request)
        } catch let error as SSHError {
            return .unknown("not reachable: \(error)")
        } catch {
            return .unknown("the probe failed: \(error)")
        }
        if result.timedOut { return .unknown("no answer to the probe within \(timeout)") }
        if let reply = ProbeReply.find(inStdout: result.stdout.bytes) { return .present(reply) }
        if let refusal = EnforcerRefusal.find(exitStatus: result.exitStatus, stderr: result.stderr.bytes) {
            return .unknown("the server's enforcer refused the probe: \(refusal.reasons.map(\.line).joined(separator: "; "))")
        }
        guard result.exitStatus == 0, result.stdout.totalBytes == 0 else {
            return .unknown(
                "unexpected answer to the probe (exit \(result.exitStatus.map(String.init) ?? "none"), "
                    + "\(result.stdout.totalBytes) bytes on stdout)")
        }
        return .absent
    }
}

/// Probe answers per connection target, so a host is probed once, not on every `list_hosts`.
/// A changed hosts.json entry is a different target and is probed afresh; answers also age out,
/// so an enforcer installed or changed on a running host is seen within `lifetime`.
actor EnforcerProbeCache {
    private var entries: [SSHTarget: (status: EnforcerStatus, at: ContinuousClock.Instant)] = [:]
    private let lifetime: Duration

    init(lifetime: Duration = .seconds(600)) {
        self.lifetime = lifetime
    }

    func status(for target: SSHTarget) -> EnforcerStatus? {
        guard let entry = entries[target], ContinuousClock.now - entry.at < lifetime else { return nil }
        return entry.status
    }

    func store(_ status: EnforcerStatus, for target: SSHTarget) {
        entries[target] = (status, .now)
    }
}
