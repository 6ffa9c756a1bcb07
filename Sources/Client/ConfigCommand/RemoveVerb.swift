import ArgumentParser
import CLISupport
import HostConfiguration

struct RemoveVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a host from hosts.json.",
        discussion: "Example: ssh-for-agents-config remove prod")

    @OptionGroup var hostsFile: HostsFileOption
    @Argument(help: "The alias to remove.", completion: .hostAliases) var alias: String

    func run() async throws {
        let path = try ConfigFile.existing(hostsFile)
        _ = try ConfigFile.edit(path) { document in
            guard document.removeHost(alias) else {
                let known = document.aliases
                throw Refusal(
                    "unknown host \"\(alias)\" in \(path); "
                        + (known.isEmpty ? "none are configured" : "known hosts: \(known.joined(separator: ", "))"))
            }
        }
        print("removed host \(alias) from \(path)")
    }
}
