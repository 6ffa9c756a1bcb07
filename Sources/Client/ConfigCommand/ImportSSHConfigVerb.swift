import AgentContracts
import ArgumentParser
import CLISupport
import Foundation
import HostConfiguration
import OpenSSHTransport

struct ImportSSHConfigVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-ssh-config",
        abstract: "Import the hosts of an OpenSSH client config (~/.ssh/config).",
        discussion: """
            Each concrete `Host` name (in the file and what it includes) is resolved with `ssh -G`, so \
            Include, Match, defaults and %h-style tokens mean what OpenSSH makes of them. HostName, User, \
            Port, IdentityFile and UserKnownHostsFile are imported; a host reached through ProxyJump or \
            ProxyCommand is imported as `ssh_config_host` with the OpenSSH transport (ssh keeps reading \
            its settings from ~/.ssh/config); wildcard patterns are skipped, with the reason. An alias already in \
            hosts.json is kept unless --force is given.
            Example: ssh-for-agents-config import-ssh-config --only 'web-*'
            """)

    @OptionGroup var hostsFile: HostsFileOption
    @Option(help: "The OpenSSH client config to read (default: ~/.ssh/config).") var sshConfig: String?
    @Option(help: "Import only aliases matching this shell pattern.") var only: String?
    @Flag(help: "Overwrite aliases that are already in hosts.json.") var force = false

    /// One host's fate, for the report.
    enum Decision {
        case imported(alias: String, summary: String, replaced: Bool)
        case skipped(name: String, reason: String)
    }

    func run() async throws {
        let home = UserHome.directory()
        let source =
            sshConfig.map(ConfigFile.storedPath).map { $0.hasPrefix("~/") ? home + $0.dropFirst(1) : $0 }
            ?? home + "/.ssh/config"
        let patterns: [SSHConfigHosts.Pattern]
        do {
            patterns = try SSHConfigHosts(homeDirectory: home).patterns(in: source)
        } catch {
            throw ConfigTool.fail("\(error)")
        }
        var resolved: [(String, Result<SSHConfigResolution, Refusal>)] = []
        var decisions: [Decision] = []
        for pattern in patterns {
            switch pattern {
            case .pattern(let text):
                decisions.append(
                    .skipped(name: text, reason: "a pattern, not a host name (its settings still apply to the hosts it matches)"))
            case .concrete(let name):
                if let only, fnmatch(only, name, 0) != 0 { continue }
                guard name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                    decisions.append(
                        .skipped(name: name, reason: "not usable as an alias (letters, digits, '-', '_' and '.' only)"))
                    continue
                }
                do {
                    resolved.append((name, .success(try SSHConfigResolution.resolve(name, configFile: source))))
                } catch let error as Refusal {
                    resolved.append((name, .failure(error)))
                }
            }
        }
        let path = try ConfigFile.forChange(hostsFile)
        let outcome = try ConfigFile.edit(path) { document -> [Decision] in
            var made: [Decision] = []
            for (name, result) in resolved {
                made.append(Self.importOne(name, result, into: &document, force: force, home: home))
            }
            return made
        }
        decisions += outcome.result
        var imported = 0
        for decision in decisions {
            switch decision {
            case .imported(let alias, let summary, let replaced):
                imported += 1
                print("\(replaced ? "replaced" : "imported") \(alias): \(summary)")
            case .skipped(let name, let reason):
                print("skipped \(name): \(reason)")
            }
        }
        print("\(imported) host\(imported == 1 ? "" : "s") imported from \(source) into \(path)")
    }

    static func importOne(
        _ name: String, _ result: Result<SSHConfigResolution, Refusal>, into document: inout HostsDocument,
        force: Bool, home: String
    ) -> Decision {
        let host: SSHConfigResolution
        switch result {
        case .failure(let error): return .skipped(name: name, reason: error.description)
        case .success(let resolved): host = resolved
        }
        let exists = document.host(name) != nil
        if exists, !force { return .skipped(name: name, reason: "already in hosts.json (use --force to replace it)") }
        if let proxy = host.proxyJump.map({ "ProxyJump \($0)" }) ?? host.proxyCommand.map({ _ in "ProxyCommand" }) {
            // Only the OpenSSH client goes through a proxy: the alias itself is the destination, so
            // the jump host and everything else stay as ~/.ssh/config says. The username is kept
            // for approval tokens, which name the account.
            document.setHostFields(
                name,
                [
                    (key: "ssh_config_host", value: .string(name)), (key: "transport", value: .string("openssh")),
                    (key: "username", value: host.user.isEmpty ? nil : .string(host.user)),
                    (key: "hostname", value: nil), (key: "port", value: nil), (key: "private_key", value: nil),
                    (key: "known_hosts", value: nil),
                ])
            return .imported(
                alias: name, summary: "ssh_config_host \(name) (\(proxy)), transport openssh", replaced: exists)
        }
        guard !host.hostname.isEmpty, !host.user.isEmpty, (1...65535).contains(host.port) else {
            return .skipped(name: name, reason: "ssh -G gave no usable HostName, User and Port")
        }
        let key = host.privateKey(homeDirectory: home)
        // In place: a replaced alias keeps its position and what ssh's config does not say (policy).
        document.setHostFields(
            name,
            [
                (key: "hostname", value: .string(host.hostname)), (key: "username", value: .string(host.user)),
                (key: "port", value: .integer(host.port)), (key: "private_key", value: key.map(OrderedJSON.string)),
                (key: "known_hosts", value: host.knownHosts.map(OrderedJSON.string)),
            ])
        let summary =
            "\(host.user)@\(host.hostname):\(host.port), key \(key ?? "ssh-agent")"
            + (host.knownHosts.map { ", known_hosts \($0)" } ?? "")
        return .imported(alias: name, summary: summary, replaced: exists)
    }
}
