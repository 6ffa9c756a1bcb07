import ArgumentParser

/// `--config PATH`, the hosts.json every client tool reads. The lookup order in the help is what
/// HostConfiguration's ConfigLocator implements; this option only carries the path, so CLISupport
/// needs nothing of HostConfiguration.
public struct HostsFileOption: ParsableArguments {
    @Option(
        name: .long, help: "Path of hosts.json (default: ./hosts.json, $SSH_AGENT_CONFIG, ~/.config/ssh-for-agents/hosts.json).")
    public var config: String?

    public init() {}
}
