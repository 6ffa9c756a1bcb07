import Gateway
import HostConfiguration

/// `list_hosts`: the configured aliases from hosts.json, each with what its server-side enforcer
/// said to a probe (cached per connection, all hosts at once, a few seconds at most).
enum ListHostsTool {
    static let name = "list_hosts"

    static func entry(gateway: Gateway) -> AgentTool {
        AgentTool(
            name: name, title: "List SSH hosts",
            description: """
                List the SSH hosts you can use: each alias with its hostname, user, port, and the policy \
                mode that applies to it (readonly: only read-only commands run; cautious: anything beyond \
                read-only needs a human's approval; guarded: most commands run, destructive ones need a \
                human's approval; unrestricted: everything runs), and whether the server checks every command \
                again with its own enforcer ("enforcer: v…, mode …" or "no enforcer"). Call this \
                first: every other tool takes one of these aliases as `host`.
                """,
            input: ToolInput(),
            outputSchema: outputSchema,
            annotations: .init(title: "List SSH hosts", readOnly: true, idempotent: true, openWorld: false),
            handler: { _, _ in .complete(await run(gateway)) })
    }

    static func run(_ gateway: Gateway) async -> ToolResult {
        let hosts: [HostSummary]
        let problem: HostConfigError?
        do {
            (hosts, problem) = try await gateway.hostListing(probing: true, probeTimeout: .seconds(3))
        } catch {
            return .failure("\(error)")
        }
        let output = Output(
            hosts: hosts.map { host in
                .init(
                    alias: host.alias, hostname: host.hostname, username: host.username, port: host.port,
                    mode: host.mode.rawValue, verifyHostKey: host.verifyHostKey, transport: host.transport,
                    sshConfigHost: host.sshConfigHost,
                    enforcer: host.enforcer.map { EnforcerOutput($0, clientMode: host.mode) })
            },
            configPath: gateway.configStore.path,
            configProblem: problem?.description)
        var lines = hosts.map { host in
            "\(host.alias): \(host.destination), \(host.mode.rawValue)"
                + (host.enforcer.map { ", " + $0.summary(clientMode: host.mode) } ?? "")
                + (host.transport.map { ", transport: \($0)" } ?? "")
        }
        if lines.isEmpty { lines = ["no hosts are configured in \(gateway.configStore.path)"] }
        if let problem {
            lines.append("warning: the file on disk is invalid, the last good configuration is in use: \(problem)")
        }
        return .success(output, text: lines.joined(separator: "\n"))
    }

    struct Output: StructuredOutput {
        struct Host {
            let alias: String
            let hostname: String
            let username: String
            let port: Int
            let mode: String
            let verifyHostKey: Bool
            let transport: String?
            let sshConfigHost: String?
            let enforcer: EnforcerOutput?
        }

        let hosts: [Host]
        /// The hosts.json in use.
        let configPath: String
        /// Set while the file on disk is broken and the last good configuration is being served.
        let configProblem: String?

        var structured: ToolValue {
            var fields: [String: ToolValue] = [
                "hosts": .array(
                    hosts.map { host in
                        var fields: [String: ToolValue] = [
                            "alias": .string(host.alias), "hostname": .string(host.hostname), "username": .string(host.username),
                            "port": .int(host.port), "mode": .string(host.mode), "verify_host_key": .bool(host.verifyHostKey),
                        ]
                        fields.set("enforcer", host.enforcer?.structured)
                        fields.set("transport", host.transport.map(ToolValue.string))
                        fields.set("ssh_config_host", host.sshConfigHost.map(ToolValue.string))
                        return .object(fields)
                    }),
                "config_path": .string(configPath),
            ]
            fields.set("config_problem", configProblem.map(ToolValue.string))
            return .object(fields)
        }
    }

    static let outputSchema: ToolValue = OutputSchema.object(
        [
            "hosts": OutputSchema.array(
                OutputSchema.object(
                    [
                        "alias": OutputSchema.string, "hostname": OutputSchema.string, "username": OutputSchema.string,
                        "port": OutputSchema.integer, "mode": OutputSchema.mode, "verify_host_key": OutputSchema.boolean,
                        "enforcer": EnforcerOutput.schema, "transport": OutputSchema.string,
                        "ssh_config_host": OutputSchema.string,
                    ], required: ["alias", "hostname", "username", "port", "mode", "verify_host_key", "enforcer"])),
            "config_path": OutputSchema.string,
            "config_problem": OutputSchema.string,
        ], required: ["hosts", "config_path"])
}
