import ArgumentParser
import CLISupport
import Foundation
import Gateway

struct ReadVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Print a remote file (over SFTP), up to a size cap.",
        discussion: "Example: ssh-for-agents-run read web-staging /var/log/nginx/error.log --max-bytes 65536")

    @OptionGroup var hostsFile: HostsFileOption
    @Argument(help: "Host alias.", completion: .hostAliases) var host: String
    @Argument(help: "Remote path.") var path: String
    @Option(help: "Read at most this many bytes (default: the host's max_output_bytes).") var maxBytes: Int?

    func run() async throws {
        let gateway = try hostsFile.gateway()
        await PassphrasePrompt.askIfNeeded(host: host, gateway: gateway)
        do {
            let file = try await gateway.readFile(host: host, path: path, maxBytes: maxBytes)
            await gateway.shutdown()
            FileHandle.standardOutput.write(Data(file.content))
            if file.truncated {
                RunTool.errors.print(
                    "truncated: printed \(file.content.count) of \(file.size) bytes (use --max-bytes to read more)")
            }
        } catch {
            throw GatewayFailure.report(error)
        }
    }
}

struct ListVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List a remote directory (over SFTP).",
        discussion: "Example: ssh-for-agents-run ls web-staging /etc --json")

    @OptionGroup var hostsFile: HostsFileOption
    @Argument(help: "Host alias.", completion: .hostAliases) var host: String
    @Argument(help: "Remote directory.") var path: String = "."
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let gateway = try hostsFile.gateway()
        await PassphrasePrompt.askIfNeeded(host: host, gateway: gateway)
        do {
            let listing = try await gateway.listDirectory(host: host, path: path)
            await gateway.shutdown()
            let formatter = ISO8601DateFormatter()
            if json {
                let entries: [[String: Any]] = listing.entries.map {
                    [
                        "name": $0.name, "type": $0.type.rawValue, "size": $0.size, "mode": String($0.mode & 0o7777, radix: 8),
                        "modified": formatter.string(from: $0.modified),
                    ]
                }
                let data = try JSONSerialization.data(
                    withJSONObject: ["entries": entries, "truncated": listing.truncated],
                    options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            let rows = listing.entries.map {
                [
                    $0.type.rawValue, String($0.mode & 0o7777, radix: 8), "\($0.size)", formatter.string(from: $0.modified),
                    $0.name,
                ]
            }
            print(TextTable.render(header: ["TYPE", "MODE", "SIZE", "MODIFIED", "NAME"], rows: rows))
            if listing.truncated { RunTool.errors.print("listing truncated") }
        } catch let error as GatewayError {
            throw GatewayFailure.report(error)
        }
    }
}
