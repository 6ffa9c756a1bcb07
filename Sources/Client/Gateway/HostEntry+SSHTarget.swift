import HostConfiguration
import RemoteAccess

extension HostEntry {
    /// The transport's view of this host. Host-key checking is on unless the file turned it off.
    var sshTarget: SSHTarget {
        SSHTarget(
            hostname: hostname, port: port, username: username,
            authentication: privateKey.map { .privateKey(path: $0, passphraseEnvironmentVariable: passphraseEnv) } ?? .agent,
            hostKeyVerification: verifyHostKey ? .knownHosts(files: knownHosts.map { [$0] } ?? []) : .disabled,
            connectTimeout: .seconds(10), transport: TransportChoice(rawValue: transport.rawValue) ?? .auto,
            sshConfigHost: sshConfigHost)
    }
}
