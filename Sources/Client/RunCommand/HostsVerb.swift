import ArgumentParser
import CLISupport
import Foundation
import Gateway

struct HostsVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hosts", abstract: "List the configured hosts and their policy mode.")

    @OptionGroup var hostsFile: HostsFileOption
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() async throws {
        let gateway = try hostsFile.gateway()
        let hosts: [HostSummary]
        do {
            hosts = try await gateway.listHosts()
        } catch {
            throw GatewayFailure.report(error)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(hosts), as: UTF8.self))
            return
        }
        let rows = hosts.map { ["\($0.alias)", "\($0.username)@\($0.hostname):\($0.port)", $0.mode.rawValue, $0.verifyHostKey ? "" : "host key NOT verified"] }
        print(TextTable.render(header: ["HOST", "DESTINATION", "MODE", ""], rows: rows))
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
