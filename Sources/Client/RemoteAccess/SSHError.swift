import Foundation

// Every failure the transport reports, each with a message that says what to do next.
// No case carries a passphrase; none exposes a libssh2 code.

public enum SSHError: Error, Sendable, Equatable, CustomStringConvertible {
    // Reaching the host
    case hostNotFound(host: String, reason: String)
    case connectionRefused(host: String, port: Int)
    case connectTimedOut(host: String, port: Int, seconds: Double)
    case connectFailed(host: String, port: Int, reason: String)
    /// The server and libssh2 share no algorithm of one kind; `serverOffers` is the server's list.
    case noCommonAlgorithm(host: String, kind: String, serverOffers: [String], clientSupports: [String])
    case handshakeFailed(host: String, port: Int, reason: String)

    // Host key
    case unknownHostKey(
        host: String, port: Int, keyType: String, fingerprint: String,
        knownHostsFiles: [String])
    /// `entryFile` is the known_hosts file holding the entry that no longer matches.
    case hostKeyChanged(
        host: String, port: Int, keyType: String, expectedFingerprint: String,
        presentedFingerprint: String, knownHostsFiles: [String], entryFile: String)
    case hostKeyCheckFailed(host: String, reason: String)
    /// A ProxyJump hop's key, checked against the target's known_hosts like the target's own.
    case jumpHostKeyRefused(JumpHostKeyRefusal)

    // Authentication
    case privateKeyMissing(path: String)
    case privateKeyUnreadable(path: String, reason: String)
    case privateKeyInvalid(path: String, reason: String)
    case passphraseRequired(path: String)
    case passphraseVariableUnset(variable: String, path: String)
    case wrongPassphrase(path: String, variable: String)
    case keyRefused(user: String, host: String, path: String)
    case rsaSHA1Refused(user: String, host: String, path: String)
    case agentUnavailable(reason: String)
    case agentKeysRefused(user: String, host: String, keys: [String])
    /// Every key the agent offered was RSA and refused: libssh2 1.10 signs RSA with SHA-1 only.
    case agentRSAKeysRefused(user: String, host: String, keys: [String])
    case authenticationFailed(user: String, host: String, reason: String)

    // After connecting
    case connectionLost(host: String, reason: String)
    /// The server stopped answering (not even keepalives) for `silentSeconds` while work was in
    /// flight; the connection was dropped. `commandStarted`: an exec request had been sent, so the
    /// command may be running there, and it could not be ended.
    case connectionStalled(host: String, silentSeconds: Int, commandStarted: Bool)
    /// The call's timeout passed before the command was sent: nothing ran.
    case notRunTimedOut(host: String, seconds: Double, reason: String)
    /// A command longer than the transport can carry; nothing was sent.
    case commandTooLong(bytes: Int, limit: Int)
    /// An SFTP read or listing did not finish within its deadline.
    case operationTimedOut(host: String, operation: String, seconds: Double)
    /// read_file on a FIFO, socket or device: reading it could block forever or never end.
    case remoteNotRegularFile(path: String, kind: String)
    case channelFailed(host: String, reason: String)
    case remoteFileNotFound(path: String)
    case remotePermissionDenied(path: String)
    case remoteIsDirectory(path: String)
    case remoteNotDirectory(path: String)
    case sftpFailed(path: String, reason: String)
    case poolClosed

    public var description: String {
        description(trustCommand: nil)
    }

    /// The message, with `trustCommand` (e.g. `ssh-for-agents-config --config '/x/hosts.json'
    /// trust web`) as the way to trust a key; the transport does not know host aliases, so
    /// without one the message names the command with `ALIAS` for the user to fill in.
    public func description(trustCommand: String?) -> String {
        let trust = trustCommand ?? "ssh-for-agents-config trust ALIAS"
        switch self {
        case .hostNotFound(let host, let reason):
            return "cannot resolve host name '\(host)': \(reason). Check the hostname in hosts.json or DNS."
        case .connectionRefused(let host, let port):
            return
                "connection to \(host) port \(port) refused: no SSH server is listening there. Check the host, the port and that sshd runs."
        case .connectTimedOut(let host, let port, let seconds):
            return
                "connecting to \(host) port \(port) timed out after \(seconds) s. Check the address, firewalls and the network."
        case .connectFailed(let host, let port, let reason):
            return "cannot connect to \(host) port \(port): \(reason)."
        case .noCommonAlgorithm(let host, let kind, let offers, let supports):
            return "cannot negotiate \(kind) with \(host): the server offers only [\(offers.joined(separator: ", "))], "
                + "and this client (libssh2 1.10) supports [\(supports.joined(separator: ", "))]. "
                + "Allow one of the client's algorithms in the server's sshd_config (e.g. aes256-ctr cipher with hmac-sha2-256 MAC)."
        case .handshakeFailed(let host, let port, let reason):
            return "SSH handshake with \(host) port \(port) failed: \(reason)."
        case .unknownHostKey(let host, let port, let keyType, let fingerprint, let files):
            let file = files.first ?? "~/.ssh/known_hosts"
            let scan =
                port == 22
                ? "ssh-keyscan -t \(keyscanType(keyType)) \(host)"
                : "ssh-keyscan -p \(port) -t \(keyscanType(keyType)) \(host)"
            return "host key of \(endpoint(host, port)) is not known (\(keyType) \(fingerprint)); refusing to connect. "
                + "Check this fingerprint with the server's administrator, then trust it with "
                + "`\(trust)` (it shows the fingerprint and asks), or `\(scan) >> \(shellQuoted(file))`."
        case .hostKeyChanged(let host, let port, let keyType, let expected, let presented, let files, let entryFile):
            return
                "HOST KEY CHANGED for \(endpoint(host, port)): known_hosts (\(files.joined(separator: ", "))) expects \(expected), "
                + "the server presented \(keyType) \(presented). This can be an attack; refusing to connect. If the key change is expected, "
                + "trust the new key with `\(trust) --replace` (it shows both fingerprints and asks), or remove the old entry with "
                + "`ssh-keygen -R \(shellQuoted(knownHostsName(host, port))) -f \(shellQuoted(entryFile))` and then run `\(trust)`."
        case .hostKeyCheckFailed(let host, let reason):
            return "cannot verify the host key of \(host): \(reason)."
        case .jumpHostKeyRefused(let refusal):
            return refusal.description
        case .privateKeyMissing(let path):
            return
                "private key file \(path) does not exist. Fix private_key in hosts.json or create a key with `ssh-keygen -t ed25519`."
        case .privateKeyUnreadable(let path, let reason):
            return "cannot read private key file \(path): \(reason). Check its owner and permissions."
        case .privateKeyInvalid(let path, let reason):
            return "\(path) is not a usable private key: \(reason). Use an OpenSSH ed25519 or ECDSA key."
        case .passphraseRequired(let path):
            return "private key \(path) is protected by a passphrase, but no passphrase_env is configured. "
                + "Set passphrase_env to the name of an environment variable that holds the passphrase."
        case .passphraseVariableUnset(let variable, let path):
            return
                "private key \(path) needs a passphrase, but the environment variable \(variable) (passphrase_env) is not set. "
                + "Export \(variable) before starting ssh-for-agents."
        case .wrongPassphrase(let path, let variable):
            return "the passphrase in \(variable) does not decrypt private key \(path). Check the value of \(variable)."
        case .keyRefused(let user, let host, let path):
            return "\(host) refused key \(path) for user \(user). Add its .pub to ~\(user)/.ssh/authorized_keys on the server, "
                + "or check the username and the server's auth log."
        case .rsaSHA1Refused(let user, let host, let path):
            return "\(host) refused RSA key \(path) for user \(user). libssh2 1.10 signs RSA keys only with ssh-rsa (SHA-1), "
                + "which OpenSSH 8.8 and later refuse by default. Use an ed25519 key (`ssh-keygen -t ed25519`) and authorize it on the server."
        case .agentUnavailable(let reason):
            return "cannot use ssh-agent: \(reason). Start an agent and `ssh-add` a key, or configure private_key for this host."
        case .agentKeysRefused(let user, let host, let keys):
            let list = keys.isEmpty ? "the agent holds no keys" : "tried \(keys.joined(separator: ", "))"
            return "\(host) accepted none of the ssh-agent's keys for user \(user) (\(list)). "
                + "Authorize one of them on the server or `ssh-add` the right key. RSA keys fail on OpenSSH 8.8+ with this libssh2; prefer ed25519."
        case .agentRSAKeysRefused(let user, let host, let keys):
            return "\(host) accepted none of the ssh-agent's keys for user \(user) (tried \(keys.joined(separator: ", "))). "
                + "They are all RSA keys, which libssh2 1.10 signs only with ssh-rsa (SHA-1), refused by OpenSSH 8.8 and later. "
                + "Set \"transport\": \"openssh\" or \"auto\" for this host in hosts.json, or add an ed25519 key to the agent."
        case .authenticationFailed(let user, let host, let reason):
            return "authentication as \(user) on \(host) failed: \(reason)."
        case .connectionLost(let host, let reason):
            return "the SSH connection to \(host) was lost: \(reason). The next call reconnects."
        case .connectionStalled(let host, let silent, let started):
            if started {
                return "the SSH connection to \(host) stalled: no answer for \(silent) s while the command ran, so it could not "
                    + "be ended and may still be running there. The connection was dropped; the next call reconnects."
            }
            return "not run: the SSH connection to \(host) stalled (no answer for \(silent) s). "
                + "The connection was dropped; the next call reconnects."
        case .notRunTimedOut(let host, let seconds, let reason):
            return
                "not run: the timeout (\(formatSeconds(seconds)) s) passed before the command could start on \(host): \(reason)."
        case .commandTooLong(let bytes, let limit):
            return "the command is \(bytes) bytes long; at most \(limit) bytes can be sent. Copy a script to the host in parts, "
                + "or generate the text on the host, instead."
        case .operationTimedOut(let host, let operation, let seconds):
            return "\(operation) on \(host) did not finish within \(formatSeconds(seconds)) s and was abandoned. "
                + "The host or the network is slow or stalled; try again, or read less."
        case .remoteNotRegularFile(let path, let kind):
            return "\(path) is a \(kind), not a regular file; read_file reads regular files only (reading a \(kind) "
                + "can block forever). Use run_command if you really mean to read it, with a timeout."
        case .channelFailed(let host, let reason):
            return "cannot open an SSH channel on \(host): \(reason)."
        case .remoteFileNotFound(let path):
            return "\(path): no such file or directory on the remote host."
        case .remotePermissionDenied(let path):
            return "\(path): permission denied for the remote account."
        case .remoteIsDirectory(let path):
            return "\(path) is a directory; list it instead of reading it."
        case .remoteNotDirectory(let path):
            return "\(path) is not a directory; read it instead of listing it."
        case .sftpFailed(let path, let reason):
            return "SFTP on \(path) failed: \(reason). Check that the server has the sftp subsystem enabled."
        case .poolClosed:
            return "the SSH connection pool was closed."
        }
    }
}

private func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
}

private func endpoint(_ host: String, _ port: Int) -> String {
    port == 22 ? host : "\(host) port \(port)"
}

private func knownHostsName(_ host: String, _ port: Int) -> String {
    port == 22 ? host : "[\(host)]:\(port)"
}

/// ssh-keyscan's -t names: "ssh-ed25519" -> "ed25519", "ecdsa-sha2-nistp256" -> "ecdsa".
private func keyscanType(_ keyType: String) -> String {
    if keyType.contains("ed25519") { return "ed25519" }
    if keyType.hasPrefix("ecdsa") { return "ecdsa" }
    if keyType.contains("rsa") { return "rsa" }
    return keyType
}

/// A word the shell reads back as exactly `text`, quoted only when it needs to be.
func shellQuoted(_ text: String) -> String {
    let plain =
        !text.isEmpty
        && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "/._-+,:@%=~".unicodeScalars.contains($0)
        }
    if plain { return text }
    var quoted = "'"
    for character in text { quoted += character == "'" ? #"'\''"# : String(character) }
    return quoted + "'"
}
