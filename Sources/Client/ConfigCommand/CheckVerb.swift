import AgentContracts
import ArgumentParser
import CLISupport
import Foundation
import HostConfiguration

struct CheckVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate hosts.json and report every problem.",
        discussion: """
            Problems (the file would be refused) are listed one per line and end in status \(ExitCode.usage.rawValue); \
            warnings (a missing key file, a field this version does not know) do not change the status.
            Example: ssh-for-agents-config check --config /etc/ssh-for-agents/hosts.json
            """)

    @OptionGroup var hostsFile: HostsFileOption

    /// The fields hosts.json defines for a host; others are kept but may be typos.
    static var hostFields: Set<String> { HostsConfigParser.hostFields }

    func run() async throws {
        let path = try ConfigFile.existing(hostsFile)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigTool.fail("cannot read \(path): \((error as NSError).localizedDescription)")
        }
        let document: HostsDocument
        do {
            document = try HostsDocument(data: data, path: path)
        } catch {
            print("problem: \(error)")
            throw ConfigTool.fail("\(path) is not valid JSON; no tool will use it until it is fixed")
        }
        // One parse, one validation: `problems` when there are any, else the configuration.
        let parser = HostsConfigParser(path: path)
        let tree = document.root.jsonValue
        let problems = parser.problems(in: tree)
        for problem in problems { print("problem: \(problem)") }
        let config = problems.isEmpty ? try? parser.parse(tree) : nil
        for warning in Self.warnings(document, config: config, path: path) { print("warning: \(warning)") }
        guard let config else {
            throw ConfigTool.fail(
                "\(path) has \(problems.count) problem\(problems.count == 1 ? "" : "s"); no tool will use it until they are fixed"
            )
        }
        print("\(path) is valid: \(config.hosts.count) host\(config.hosts.count == 1 ? "" : "s")")
    }

    static func warnings(_ document: HostsDocument, config: HostsConfig?, path: String) -> [String] {
        var warnings = unknownFields(document, path: path)
        guard let config else { return warnings }
        for alias in document.aliases {
            guard let host = config.hosts[alias] else { continue }
            if let key = host.privateKey, !FileManager.default.fileExists(atPath: key) {
                warnings.append("\(path): host \"\(alias)\": private_key \(key) does not exist")
            }
            if let knownHosts = host.knownHosts, !FileManager.default.fileExists(atPath: knownHosts) {
                warnings.append(
                    "\(path): host \"\(alias)\": known_hosts \(knownHosts) does not exist (`ssh-for-agents-config trust \(alias)` creates it)"
                )
            }
            if !host.verifyHostKey {
                warnings.append("\(path): host \"\(alias)\": host key verification is off")
            }
        }
        return warnings
    }

    private static func unknownFields(_ document: HostsDocument, path: String) -> [String] {
        guard case .object(let hosts)? = document.root["hosts"] else { return [] }
        return hosts.flatMap { host in
            host.value.keys.filter { !hostFields.contains($0) }.map {
                "\(path): host \"\(host.key)\": unknown field \"\($0)\" (kept as it is; did you mean \(closest($0))?)"
            }
        }
    }

    private static func closest(_ field: String) -> String {
        let scored = hostFields.map { candidate in
            (candidate, Set(candidate).symmetricDifference(Set(field)).count)
        }
        return "\"" + (scored.min { $0.1 < $1.1 }?.0 ?? "hostname") + "\""
    }
}
