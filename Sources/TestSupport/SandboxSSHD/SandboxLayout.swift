/// Where each sandbox file lives inside the sandbox directory. One place for the names, so the
/// config writer, the key generator and the cleanup agree.
struct SandboxLayout: Sendable {
    let directory: String

    var config: String { path("sshd_config") }
    var hostKey: String { path("ssh_host_ed25519_key") }
    var ed25519Key: String { path("id_ed25519") }
    var ecdsaKey: String { path("id_ecdsa") }
    var authorizedKeys: String { path("authorized_keys") }
    var knownHosts: String { path("known_hosts") }
    var pidFile: String { path("sshd.pid") }
    var log: String { path("sshd.log") }

    /// Every file the sandbox may create, for cleaning a directory it did not create itself.
    var allFiles: [String] {
        [
            config, hostKey, hostKey + ".pub", ed25519Key, ed25519Key + ".pub", ecdsaKey,
            ecdsaKey + ".pub", authorizedKeys, knownHosts, pidFile, log,
        ]
    }

    private func path(_ name: String) -> String { directory + "/" + name }
}
