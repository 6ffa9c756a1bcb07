import ArgumentParser
import CLISupport
import Foundation
import HostConfiguration

struct ListVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the configured hosts and their effective policy.",
        discussion: "Example: ssh-for-agents-config list --json | jq '.hosts[].alias'")

    @OptionGroup var hostsFile: HostsFileOption
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let path = try ConfigFile.existing(hostsFile)
        let (document, config) = try ConfigFile.load(path)
        // File order: the order the user keeps the hosts in.
        let hosts = document.aliases.compactMap { config.hosts[$0] }
        if json {
            let object: [String: Any] = [
                "path": path, "policy": Self.policyObject(config.policy),
                "hosts": hosts.map(Self.hostObject),
            ]
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("\(path): \(hosts.count) host\(hosts.count == 1 ? "" : "s"); global policy: \(Self.policySummary(config.policy))")
        guard !hosts.isEmpty else { return }
        let rows = hosts.map { host in
            [
                host.alias,
                host.sshConfigHost.map { "ssh_config_host \($0)" } ?? "\(host.username)@\(host.hostname):\(host.port)",
                host.policy.engine.mode.rawValue,
                host.policy.confirmation?.rawValue ?? "default", host.privateKey ?? "ssh-agent",
                host.verifyHostKey ? (host.knownHosts ?? "~/.ssh/known_hosts") : "NOT VERIFIED",
            ]
        }
        print(TextTable.render(header: ["HOST", "DESTINATION", "MODE", "CONFIRMATION", "KEY", "HOST KEY"], rows: rows))
    }

    static func policySummary(_ policy: ClientPolicy) -> String {
        var parts = ["mode \(policy.engine.mode.rawValue)", "confirmation \(policy.confirmation?.rawValue ?? "default")"]
        if !policy.engine.extraDenylist.isEmpty { parts.append("deny \(policy.engine.extraDenylist.joined(separator: ","))") }
        if !policy.engine.extraReadonlyAllow.isEmpty {
            parts.append("readonly-allow \(policy.engine.extraReadonlyAllow.joined(separator: ","))")
        }
        if !policy.engine.adminRules.isEmpty {
            parts.append("rules \(policy.engine.adminRules.map { "\($0.id)=\($0.decision.rawValue)" }.joined(separator: ","))")
        }
        return parts.joined(separator: ", ")
    }

    static func policyObject(_ policy: ClientPolicy) -> [String: Any] {
        var object: [String: Any] = [
            "mode": policy.engine.mode.rawValue, "extra_denylist": policy.engine.extraDenylist,
            "extra_readonly_allow": policy.engine.extraReadonlyAllow, "max_output_bytes": policy.maxOutputBytes,
            "default_timeout": policy.defaultTimeoutSeconds,
            "rules": policy.engine.adminRules.map { rule -> [String: Any] in
                ["id": rule.id, "match": rule.match, "decision": rule.decision.rawValue, "reason": rule.reason]
            },
        ]
        object["confirmation"] = policy.confirmation?.rawValue ?? NSNull()
        return object
    }

    static func hostObject(_ host: HostEntry) -> [String: Any] {
        [
            "alias": host.alias, "hostname": host.hostname, "username": host.username, "port": host.port,
            "private_key": host.privateKey ?? NSNull(), "passphrase_env": host.passphraseEnv ?? NSNull(),
            "known_hosts": host.knownHosts ?? NSNull(), "verify_host_key": host.verifyHostKey,
            "policy": policyObject(host.policy), "transport": host.transport.rawValue,
            "ssh_config_host": host.sshConfigHost ?? NSNull(),
        ]
    }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { $0 == row.count - 1 ? row[$0] : row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
