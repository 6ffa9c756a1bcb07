import AgentContracts
import AgentPolicy
import ArgumentParser
import CLISupport
import HostConfiguration

struct AddVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a host, or change the given fields of an existing one.",
        discussion: """
            Creates hosts.json if there is none. For an existing alias only the options given change; \
            the rest of its entry stays. A passphrase is never accepted on the command line: \
            --passphrase-env names the environment variable that holds it.
            Example: ssh-for-agents-config add prod --hostname 203.0.113.10 --user deploy --port 2222 \
            --key ~/.ssh/id_ed25519 --mode guarded
            """)

    @OptionGroup var hostsFile: HostsFileOption
    @Argument(help: "The alias agents use for this host (letters, digits, '-', '_', '.').", completion: .hostAliases)
    var alias: String
    @Option(help: "DNS name or IP address.") var hostname: String?
    @Option(help: "The remote account to log in as.") var user: String?
    @Option(help: "SSH port (default 22).") var port: Int?
    @Option(help: "Private key file (default: the keys of ssh-agent).") var key: String?
    @Option(help: "Name of the environment variable holding the key's passphrase.") var passphraseEnv: String?
    @Option(help: "known_hosts file for this host (default: ~/.ssh/known_hosts).") var knownHosts: String?
    @Flag(inversion: .prefixedNo, help: "Verify the host key (the default; --no-verify-host-key turns it off).")
    var verifyHostKey: Bool?
    @Option(help: "Policy mode: \(PolicyMode.allCases.map(\.rawValue).joined(separator: ", ")).") var mode: PolicyMode?
    @Option(help: "Without a client that can ask a human: flag (confirm: true runs it) or deny.")
    var confirmation: ConfirmationSetting?
    @Option(help: "SSH client: auto (the default: libssh2, openssh when libssh2 cannot connect), libssh2 or openssh.")
    var transport: TransportSetting?
    @Option(
        help:
            "A Host alias of ~/.ssh/config that ssh connects to (ProxyJump, certificates…); --hostname and --user become optional."
    )
    var sshConfigHost: String?

    func validate() throws {
        guard !alias.isEmpty, alias.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw ValidationError("the alias may use letters, digits, '-', '_' and '.' only")
        }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be between 1 and 65535") }
        if let passphraseEnv, !HostsConfigParser.isEnvironmentVariableName(passphraseEnv) {
            throw ValidationError(
                "--passphrase-env takes the NAME of an environment variable (letters, digits, '_'), never the passphrase itself")
        }
        if hostname?.isEmpty == true { throw ValidationError("--hostname must not be empty") }
        if user?.isEmpty == true { throw ValidationError("--user must not be empty") }
    }

    func run() async throws {
        let path = try ConfigFile.forChange(hostsFile)
        let outcome = try ConfigFile.edit(path) { document -> [String]? in
            let existing = document.host(alias)
            if existing == nil, sshConfigHost == nil {
                guard hostname != nil, user != nil else {
                    throw Refusal("\(alias) is a new host: --hostname and --user are required (or --ssh-config-host ALIAS)")
                }
            }
            var fields: [(key: String, value: OrderedJSON?)] = []
            if let hostname { fields.append(("hostname", .string(hostname))) }
            if let user { fields.append(("username", .string(user))) }
            if let port { fields.append(("port", .integer(port))) }
            if let key { fields.append(("private_key", .string(ConfigFile.storedPath(key)))) }
            if let passphraseEnv { fields.append(("passphrase_env", .string(passphraseEnv))) }
            if let knownHosts { fields.append(("known_hosts", .string(ConfigFile.storedPath(knownHosts)))) }
            if let verifyHostKey { fields.append(("verify_host_key", verifyHostKey ? nil : .bool(false))) }
            if let transport { fields.append(("transport", transport == .auto ? nil : .string(transport.rawValue))) }
            if let sshConfigHost { fields.append(("ssh_config_host", sshConfigHost.isEmpty ? nil : .string(sshConfigHost))) }
            document.setHostFields(alias, fields)
            var policy: [(key: String, value: OrderedJSON?)] = []
            if let mode { policy.append(("mode", .string(mode.rawValue))) }
            if let confirmation { policy.append(("confirmation", .string(confirmation.rawValue))) }
            if !policy.isEmpty { document.setPolicyFields(host: alias, policy) }
            guard let existing else { return nil }
            let updated = document.host(alias)
            return Self.changedKeys(from: existing, to: updated)
        }
        switch outcome.result {
        case nil:
            print("added host \(alias) to \(path)\(outcome.created ? " (created)" : "")")
        case let changed? where changed.isEmpty:
            print("host \(alias) in \(path) already had these settings; nothing changed")
        case let changed?:
            print("updated host \(alias) in \(path): \(changed.joined(separator: ", "))")
        }
        if verifyHostKey == false {
            ConfigTool.errors.print(
                "warning: host key verification is off for \(alias); whoever answers at that address gets your key's signature and the agent's commands"
            )
        }
    }

    /// The fields (and `policy.` fields) whose values differ.
    static func changedKeys(from old: OrderedJSON, to new: OrderedJSON?) -> [String] {
        guard let new else { return [] }
        var changed: [String] = []
        for key in Array(Set(old.keys + new.keys)).sorted() where old[key] != new[key] {
            if key == "policy", let oldPolicy = old[key], let newPolicy = new[key] {
                changed += changedKeys(from: oldPolicy, to: newPolicy).map { "policy." + $0 }
            } else {
                changed.append(key)
            }
        }
        return changed
    }
}

extension PolicyMode: ExpressibleByArgument {}
extension ConfirmationSetting: ExpressibleByArgument {}

extension TransportSetting: ExpressibleByArgument {}
