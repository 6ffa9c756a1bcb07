// The command lines of the OpenSSH client for a target. The safety settings (strict host keys,
// no prompt, no forwarding, the identity hosts.json names) are given twice from one list: with
// -o for the ssh we start (a command-line value beats any config file's), and at the top of the
// target's own ssh_config (`TargetSSHConfig`), because ssh passes -F, and not -o, to the ssh it
// starts for each ProxyJump hop, and ssh keeps the first value it reads, so there they beat the
// user's `Host` blocks below them.
import Foundation
import RemoteAccess

struct SSHArguments: Sendable {
    static let ssh = "/usr/bin/ssh"
    static let sshAgent = "/usr/bin/ssh-agent"
    static let sshAdd = "/usr/bin/ssh-add"
    static let sshKeygen = "/usr/bin/ssh-keygen"

    let target: SSHTarget
    let directory: ControlDirectory
    /// The target's private ssh_config (see `TargetSSHConfig`), written before ssh first runs.
    let configFile: String

    init(target: SSHTarget, directory: ControlDirectory) {
        self.target = target
        self.directory = directory
        configFile = directory.configFile(for: target)
    }

    /// Where ssh connects: the `~/.ssh/config` alias, or the hosts.json address.
    var destination: String { target.sshConfigHost ?? target.hostname }

    /// What every ssh invocation for this target shares: the config, the address, the
    /// identity, host-key checking.
    func common() -> [String] {
        var arguments = [Self.ssh, "-F", configFile]
        if target.sshConfigHost != nil, !target.hostname.isEmpty { arguments += ["-o", "HostName=\(target.hostname)"] }
        if target.port > 0 { arguments += ["-p", String(target.port)] }
        if !target.username.isEmpty { arguments += ["-l", target.username] }
        return arguments + enforcedOptions().flatMap { ["-o", $0] }
    }

    /// The settings every ssh of this target obeys, hops included, as "Key=value" lines.
    func enforcedOptions() -> [String] {
        var options: [String] = []
        switch target.authentication {
        case .privateKey(let path, _):
            options += ["IdentityFile=\(Self.quoted(NSString(string: path).expandingTildeInPath))", "IdentitiesOnly=yes"]
        case .agent:
            break // the config's choice: its IdentityAgent, IdentityFile, CertificateFile, or SSH_AUTH_SOCK
        }
        switch target.hostKeyVerification {
        case .knownHosts(let files):
            // Given files only, as the libssh2 transport checks them; none given: ssh's defaults
            // for this user (and what the user's config says for an alias).
            if !files.isEmpty {
                let quoted = files.map { Self.quoted(NSString(string: $0).expandingTildeInPath) }.joined(separator: " ")
                options += ["UserKnownHostsFile=\(quoted)", "GlobalKnownHostsFile=/dev/null"]
            } else if target.sshConfigHost == nil {
                let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
                options += [
                    "UserKnownHostsFile=\(Self.quoted(home + "/.ssh/known_hosts"))",
                    "GlobalKnownHostsFile=/etc/ssh/ssh_known_hosts",
                ]
            }
            options += ["StrictHostKeyChecking=yes"]
        case .disabled:
            options += ["StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null", "GlobalKnownHostsFile=/dev/null"]
        }
        options += [
            "BatchMode=yes", "UpdateHostKeys=no", "CheckHostIP=no",
            "ConnectTimeout=\(max(1, Int(target.connectTimeout.components.seconds)))",
            "ForwardAgent=no", "ForwardX11=no", "ClearAllForwardings=yes", "PermitLocalCommand=no", "RequestTTY=no",
        ]
        return options
    }

    /// Starts the master in the background once it is authenticated (`-f -N`); it stays
    /// `ControlPersist` seconds after its last session and checks the server every 5 s
    /// (3 unanswered: gone), as the libssh2 transport's keepalive does.
    static let serverAliveInterval = 5
    static let serverAliveCountMax = 3
    /// How long the server was silent when the master gives up on it ("Timeout, server not
    /// responding"): what a stall error reports.
    static var stallSeconds: Int { serverAliveInterval * serverAliveCountMax }

    func startMaster(socket: String, log: String, persist: Duration, identityAgent: String?) -> [String] {
        var arguments = common()
        if let identityAgent { arguments += ["-o", "IdentityAgent=\(identityAgent)"] }
        if case .privateKey = target.authentication, identityAgent == nil { arguments += ["-o", "IdentityAgent=none"] }
        arguments += [
            "-o", "ControlMaster=yes", "-o", "ControlPath=\(socket)",
            "-o", "ControlPersist=\(max(1, Int(persist.components.seconds)))",
            "-o", "ServerAliveInterval=\(Self.serverAliveInterval)", "-o", "ServerAliveCountMax=\(Self.serverAliveCountMax)",
            "-E", log, "-o", "LogLevel=INFO", "-f", "-N", destination,
        ]
        return arguments
    }

    /// `ssh -O check` / `-O exit` on the master.
    func control(_ command: String, socket: String) -> [String] {
        [Self.ssh, "-F", "/dev/null", "-S", socket, "-o", "BatchMode=yes", "-O", command, destination]
    }

    /// The same connection attempt at debug level, only to learn the presented host key after a
    /// refusal (ssh prints its fingerprint only there); the check fails before any credential.
    func hostKeyDiagnosis() -> [String] {
        common() + ["-o", "IdentityAgent=none", "-o", "LogLevel=DEBUG1", "-N", destination]
    }

    /// What ssh would use for the destination under our settings (`ssh -G`; nothing connects).
    func resolvedConfiguration() -> [String] {
        common() + ["-G", destination]
    }

    /// No credential of any kind for the host ssh connects to (not its hops): a look at its key.
    static func noCredentials(_ target: SSHTarget) -> [String] {
        [
            "-o", "BatchMode=yes", "-o", "PubkeyAuthentication=no", "-o", "PasswordAuthentication=no",
            "-o", "KbdInteractiveAuthentication=no", "-o", "GSSAPIAuthentication=no", "-o", "HostbasedAuthentication=no",
            "-o", "IdentityAgent=none", "-o", "ConnectTimeout=\(max(1, Int(target.connectTimeout.components.seconds)))",
        ]
    }

    /// A path as one ssh_config word: ssh splits values at blanks unless they are in double quotes.
    static func quoted(_ path: String) -> String { "\"" + path + "\"" }
}
