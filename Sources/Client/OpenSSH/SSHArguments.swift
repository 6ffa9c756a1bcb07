// The command lines of the OpenSSH client for a target. Options given with -o come before any
// config file's value (ssh keeps the first value it obtains), so the safety settings below hold
// whatever ~/.ssh/config says: strict host keys, no prompt, no forwarding.
import Foundation
import RemoteAccess

struct SSHArguments: Sendable {
    static let ssh = "/usr/bin/ssh"
    static let sshAgent = "/usr/bin/ssh-agent"
    static let sshAdd = "/usr/bin/ssh-add"
    static let sshKeygen = "/usr/bin/ssh-keygen"

    let target: SSHTarget
    let directory: ControlDirectory
    /// The user's ssh config when the target names an alias of it (see `UserSSHConfig`).
    let configFile: String

    /// Where ssh connects: the `~/.ssh/config` alias, or the hosts.json address.
    var destination: String { target.sshConfigHost ?? target.hostname }

    /// What every ssh invocation for this target shares: the config, the address, the
    /// identity, host-key checking.
    func common() -> [String] {
        var arguments = [Self.ssh, "-F", configFile]
        if target.sshConfigHost != nil, !target.hostname.isEmpty { arguments += ["-o", "HostName=\(target.hostname)"] }
        if target.port > 0 { arguments += ["-p", String(target.port)] }
        if !target.username.isEmpty { arguments += ["-l", target.username] }
        switch target.authentication {
        case .privateKey(let path, _):
            arguments += ["-i", NSString(string: path).expandingTildeInPath, "-o", "IdentitiesOnly=yes"]
        case .agent:
            break // the config's choice: its IdentityAgent, IdentityFile, CertificateFile, or SSH_AUTH_SOCK
        }
        switch target.hostKeyVerification {
        case .knownHosts(let files):
            // Given files only, as the libssh2 transport checks them; none given: ssh's defaults
            // for this user (and what the user's config says for an alias).
            if !files.isEmpty {
                let quoted = files.map { "\"" + NSString(string: $0).expandingTildeInPath + "\"" }.joined(separator: " ")
                arguments += ["-o", "UserKnownHostsFile=\(quoted)", "-o", "GlobalKnownHostsFile=/dev/null"]
            } else if target.sshConfigHost == nil {
                let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
                arguments += [
                    "-o", "UserKnownHostsFile=\"\(home)/.ssh/known_hosts\"",
                    "-o", "GlobalKnownHostsFile=/etc/ssh/ssh_known_hosts",
                ]
            }
            arguments += ["-o", "StrictHostKeyChecking=yes"]
        case .disabled:
            arguments += [
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "GlobalKnownHostsFile=/dev/null",
            ]
        }
        arguments += [
            "-o", "BatchMode=yes", "-o", "UpdateHostKeys=no", "-o", "CheckHostIP=no",
            "-o", "ConnectTimeout=\(max(1, Int(target.connectTimeout.components.seconds)))",
            "-o", "ForwardAgent=no", "-o", "ForwardX11=no", "-o", "ClearAllForwardings=yes",
            "-o", "PermitLocalCommand=no", "-o", "RequestTTY=no",
        ]
        return arguments
    }

    /// Starts the master in the background once it is authenticated (`-f -N`); it stays
    /// `ControlPersist` seconds after its last session and checks the server every 5 s
    /// (3 unanswered: gone), as the libssh2 transport's keepalive does.
    func startMaster(socket: String, log: String, persist: Duration, identityAgent: String?) -> [String] {
        var arguments = common()
        if let identityAgent { arguments += ["-o", "IdentityAgent=\(identityAgent)"] }
        if case .privateKey = target.authentication, identityAgent == nil { arguments += ["-o", "IdentityAgent=none"] }
        arguments += [
            "-o", "ControlMaster=yes", "-o", "ControlPath=\(socket)",
            "-o", "ControlPersist=\(max(1, Int(persist.components.seconds)))",
            "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3",
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
}
