import Gateway
import HostConfiguration

/// `list_hosts`: the configured aliases, answered from hosts.json alone.
enum ListHostsTool {
    static let name = "list_hosts"

    static func entry(gateway: Gateway) -> AgentTool {
        AgentTool(
            name: name, title: "List SSH hosts",
            description: """
                List the SSH hosts you can use: each alias with its hostname, user, port, and the policy \
                mode that applies to it (readonly: only read-only commands run; cautious: anything beyond \
                read-only needs a human's approval; guarded: most commands run, destructive ones need a \
                human's approval; unrestricted: everything runs). Call this \
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
            (hosts, problem) = try await gateway.hostListing()
        } catch {
            return .failure("\(error)")
        }
        let output = Output(
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
        }

        let hosts: [Host]
        /// The hosts.json in use.
        let configPath: String
        /// Set while the file on disk is broken and the last good configuration is being served.
        let configProblem: String?

        var structured: ToolValue {
            var fields: [String: ToolValue] = [
                "hosts": .array(hosts.map {
                    ["alias": .string($0.alias), "hostname": .string($0.hostname), "username": .string($0.username),
                     "port": .int($0.port), "mode": .string($0.mode), "verify_host_key": .bool($0.verifyHostKey)]
                }),
                "config_path": .string(configPath),
            ]
            fields.set("config_problem", configProblem.map(ToolValue.string))
            return .object(fields)
        }
    }

    static let outputSchema: ToolValue = OutputSchema.object([
        "hosts": OutputSchema.array(OutputSchema.object([
            "alias": OutputSchema.string, "hostname": OutputSchema.string, "username": OutputSchema.string,
            "port": OutputSchema.integer, "mode": OutputSchema.mode, "verify_host_key": OutputSchema.boolean,
        ])),
        "config_path": OutputSchema.string,
        "config_problem": OutputSchema.string,
    ], required: ["hosts", "config_path"])
}
