import AgentPolicy
import Gateway
import HostConfiguration
import MCP

/// `list_hosts` and `check_command`: answered from the configuration and the policy alone,
/// without touching the network.
struct HostTools: Sendable {
    let gateway: Gateway

    func listHosts(_ arguments: ToolArguments) async throws -> CallTool.Result {
        let hosts: [HostSummary]
        let problem: HostConfigError?
        do {
            (hosts, problem) = try await gateway.hostListing()
        } catch {
            return ToolResult.failure("\(error)")
        }
        let output = HostsOutput(
            hosts: hosts.map {
                .init(alias: $0.alias, hostname: $0.hostname, username: $0.username, port: $0.port,
                      mode: $0.mode.rawValue, verifyHostKey: $0.verifyHostKey)
            },
            configPath: gateway.configStore.path,
            configProblem: problem?.description)
        var lines = hosts.map { "\($0.alias): \($0.username)@\($0.hostname):\($0.port), \($0.mode.rawValue)" }
        if lines.isEmpty { lines = ["no hosts are configured in \(gateway.configStore.path)"] }
        if let problem {
            lines.append("warning: the file on disk is invalid, the last good configuration is in use: \(problem)")
        }
        return ToolResult.success(output, text: lines.joined(separator: "\n"))
    }

    func checkCommand(_ arguments: ToolArguments) async throws -> CallTool.Result {
        let host = try arguments.requiredString("host")
        let command = try arguments.requiredString("command")
        let check: PolicyCheck
        do {
            check = try await gateway.check(host: host, command: command)
        } catch {
            return ToolResult.failure("\(error)")
        }
        let verdict = VerdictOutput(check.verdict)
        let output = CheckCommandOutput(
            host: host, command: command, mode: check.mode.rawValue, verdict: verdict,
            segments: check.verdict.segments.map { .init(program: $0.program, arguments: $0.arguments) })
        var lines = ["\(verdict.decision) on \(host) (\(check.mode.rawValue) mode)"]
        lines += verdict.reasons.filter { $0.decision != "allow" }.map { "- \($0.rule): \($0.message)" }
        switch check.verdict.decision {
        case .allow: lines.append("run_command will run it.")
        case .needsConfirmation: lines.append("run_command will run it only after a human approves it.")
        case .block: lines.append("run_command will refuse it; no confirmation can unlock it.")
        }
        return ToolResult.success(output, text: lines.joined(separator: "\n"))
    }
}

extension VerdictOutput {
    init(_ verdict: Verdict) {
        decision = verdict.decision.rawValue
        reasons = verdict.reasons.map { .init(rule: $0.rule, message: $0.message, decision: $0.decision.rawValue) }
    }
}
