import ArgumentParser
import HostConfiguration

extension CompletionKind {
    /// The aliases of the hosts.json the command line names (or finds), for the shells'
    /// completion scripts (`--generate-completion-script bash|zsh|fish`).
    static var hostAliases: CompletionKind {
        .custom { words, _, _ in HostAliases.forCompletion(words: words) }
    }
}
