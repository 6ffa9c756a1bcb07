import AgentContracts
import Foundation

/// Host aliases for shell completion (`ssh-for-agents-run web<TAB>`): from the hosts.json the
/// command line being completed would use (its `--config`, else the usual lookup), in file order.
/// Never fails: a missing or broken file completes nothing.
public enum HostAliases {
    public static func forCompletion(words: [String]) -> [String] {
        var explicit: String?
        for (index, word) in words.enumerated() {
            if word == "--config", index + 1 < words.count { explicit = words[index + 1] }
            if word.hasPrefix("--config=") { explicit = String(word.dropFirst("--config=".count)) }
        }
        guard let path = try? ConfigLocator(explicitPath: explicit).locate(),
            let document = try? HostsDocument(contentsOf: path)
        else { return [] }
        return document.aliases
    }
}
