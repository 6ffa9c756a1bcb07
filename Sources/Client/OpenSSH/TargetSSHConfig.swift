// A target's own ssh_config, passed with -F to every ssh we start for it. ssh hands that -F
// (never our -o options) to the ssh it starts for each ProxyJump hop, and that one hands it to
// the next hop, so the target's enforced settings at the top of this file reach every hop of a
// `ProxyJump a,b` chain: ssh keeps the first value it reads for an option, so they beat the
// user's `Host` blocks included below them. A hop keeps only what ours leave open: its address,
// account, its own IdentityFile (added to ours) and its own ProxyJump.
import Foundation
import RemoteAccess

enum TargetSSHConfig {
    /// How the hops reach the key's agent. The master's own choice goes on its command line.
    enum IdentityAgent {
        /// A key file without passphrase: no agent at all, as for the target.
        case none
        /// A key file unlocked into our private agent, whose socket is the master's SSH_AUTH_SOCK.
        case environment
        /// The user's choice: the config's IdentityAgent, else SSH_AUTH_SOCK.
        case unchanged
    }

    /// Writes the file (if its text changed) and returns its path.
    @discardableResult
    static func write(_ arguments: SSHArguments, environment: [String: String]) throws(SSHError) -> String {
        var lines = ["# written by ssh-for-agents for \(arguments.destination): the settings every hop obeys"]
        lines += arguments.enforcedOptions()
        // No ssh of ours rides on a master of the user's, authenticated under other rules; only
        // here, not with -o: our master's own -o ControlMaster=yes must be the first value.
        lines += ["ControlMaster=no", "ControlPath=none"]
        switch identityAgent(for: arguments.target) {
        case .none: lines.append("IdentityAgent=none")
        case .environment: lines.append("IdentityAgent=SSH_AUTH_SOCK")
        case .unchanged: break
        }
        if arguments.target.sshConfigHost != nil { lines += UserSSHConfig.includes(environment: environment) }
        try UserSSHConfig.replace(arguments.configFile, with: lines.joined(separator: "\n") + "\n")
        return arguments.configFile
    }

    static func identityAgent(for target: SSHTarget) -> IdentityAgent {
        guard case .privateKey(let path, let variable) = target.authentication else { return .unchanged }
        let expanded = NSString(string: path).expandingTildeInPath
        return variable != nil && KeyFileEncryption.isEncrypted(expanded) ? .environment : .none
    }
}
