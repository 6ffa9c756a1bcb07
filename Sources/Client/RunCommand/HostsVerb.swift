import ArgumentParser
import CLISupport
import Foundation
import Gateway

struct HostsVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts", abstract: "List the configured hosts, their policy mode and their server-side enforcer.",
        discussion: """
            Each host is probed (all at once, a few seconds at most) for the enforcer that re-checks commands on the server.
            Example: ssh-for-agents-run hosts --json
            """)

    @OptionGroup var hostsFile: HostsFileOption
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Do not probe the hosts; answer from hosts.json alone.") var noProbe = false

    func run() async throws {
        let gateway = try hostsFile.gateway()
        let hosts: [HostSummary]
        do {
            hosts = try await gateway.hostListing(probing: !noProbe, probeTimeout: .seconds(3)).hosts
        } catch {
            throw GatewayFailure.report(error)
        }
        await gateway.shutdown()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(hosts), as: UTF8.self))
            return
        }
        let rows = hosts.map { host in
            [
                "\(host.alias)", host.destination, host.mode.rawValue, host.transport ?? "",
                host.enforcer.map { $0.summary(clientMode: host.mode) } ?? "not probed",
                host.verifyHostKey ? "" : "host key NOT verified",
            ]
        }
        print(TextTable.render(header: ["HOST", "DESTINATION", "MODE", "TRANSPORT", "SERVER", ""], rows: rows))
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
