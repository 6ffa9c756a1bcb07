// User authentication on a fresh session: a key file (passphrase from the environment at
// this moment, never kept) or the ssh-agent. Runs on the connection thread during connect.
import CLibSSH2
import Foundation

enum Authentication {
    static func authenticate(
        _ session: LibSSH2Session, target: SSHTarget,
        deadline: ContinuousClock.Instant
    ) -> SSHError? {
        switch target.authentication {
        case .privateKey(let path, let variable):
            return withKeyFile(session, target: target, path: path, variable: variable, deadline: deadline)
        case .agent:
            return withAgent(session, target: target, deadline: deadline)
        }
    }

    private static func withKeyFile(
        _ session: LibSSH2Session, target: SSHTarget, path: String,
        variable: String?, deadline: ContinuousClock.Instant
    ) -> SSHError? {
        let key: PrivateKeyFile
        switch PrivateKeyFile.inspect(path: path) {
        case .failure(let error): return error
        case .success(let inspected): key = inspected
        }
        var passphrase: String?
        if let variable {
            passphrase = ProcessInfo.processInfo.environment[variable]
            if passphrase == nil && key.encrypted != false {
                return .passphraseVariableUnset(variable: variable, path: key.path)
            }
        } else if key.encrypted == true {
            return .passphraseRequired(path: key.path)
        }
        if key.encrypted == false { passphrase = nil }

        let user = target.username
        let outcome = session.untilDone(deadline: deadline) {
            libssh2_userauth_publickey_fromfile_ex(
                session.raw, user, UInt32(user.utf8.count),
                key.publicKeyPath, key.path, passphrase)
        }
        switch outcome {
        case .done, .wouldBlock:
            return nil
        case .failed(let code, let message):
            return classify(code: code, message: message, key: key, variable: variable, target: target)
        }
    }

    /// libssh2 1.10 reports: FILE when the private key cannot be decoded (no .pub: before
    /// asking the server); PUBLICKEY_UNVERIFIED "Callback returned error" when the server
    /// accepted the public key but signing failed because the key did not decrypt; other
    /// PUBLICKEY_UNVERIFIED / AUTHENTICATION_FAILED when the server refused the key.
    private static func classify(
        code: Int32, message: String, key: PrivateKeyFile, variable: String?,
        target: SSHTarget
    ) -> SSHError {
        let decryptFailed =
            code == LIBSSH2_ERROR_FILE || message.contains("Callback returned error")
            || code == LIBSSH2_ERROR_KEYFILE_AUTH_FAILED
        if decryptFailed {
            if key.encrypted != false, let variable { return .wrongPassphrase(path: key.path, variable: variable) }
            return .privateKeyInvalid(path: key.path, reason: "libssh2 cannot load it (\(message))")
        }
        if code == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED || code == LIBSSH2_ERROR_AUTHENTICATION_FAILED {
            if key.kind == .rsa { return .rsaSHA1Refused(user: target.username, host: target.hostname, path: key.path) }
            return .keyRefused(user: target.username, host: target.hostname, path: key.path)
        }
        if isConnectionFatal(code) {
            return .connectionLost(host: target.hostname, reason: "during authentication: \(message)")
        }
        return .authenticationFailed(user: target.username, host: target.hostname, reason: message)
    }

    private static func withAgent(
        _ session: LibSSH2Session, target: SSHTarget,
        deadline: ContinuousClock.Instant
    ) -> SSHError? {
        guard let socketPath = ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"], !socketPath.isEmpty else {
            return .agentUnavailable(reason: "SSH_AUTH_SOCK is not set")
        }
        guard let agent = libssh2_agent_init(session.raw) else {
            return .agentUnavailable(reason: "libssh2 could not create an agent handle")
        }
        defer { libssh2_agent_free(agent) }
        libssh2_agent_set_identity_path(agent, socketPath)
        guard libssh2_agent_connect(agent) == 0 else {
            return .agentUnavailable(reason: "cannot connect to the agent at \(socketPath)")
        }
        defer { libssh2_agent_disconnect(agent) }
        guard libssh2_agent_list_identities(agent) == 0 else {
            return .agentUnavailable(reason: "the agent at \(socketPath) did not list its keys")
        }
        var tried: [String] = []
        var allRSA = true
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
        let user = target.username
        while libssh2_agent_get_identity(agent, &identity, previous) == 0, let current = identity {
            previous = current
            let comment = current.pointee.comment.map { String(cString: $0) } ?? "(no comment)"
            tried.append(comment)
            if AgentKeyType.of(current.pointee) != "ssh-rsa" { allRSA = false }
            let outcome = session.untilDone(deadline: deadline) { libssh2_agent_userauth(agent, user, current) }
            switch outcome {
            case .done, .wouldBlock: return nil
            case .failed(let code, let message) where isConnectionFatal(code):
                return .connectionLost(host: target.hostname, reason: "during agent authentication: \(message)")
            case .failed: continue
            }
        }
        // RSA keys alone: the server may well accept them, signed with SHA-2 (OpenSSH can).
        if !tried.isEmpty, allRSA { return .agentRSAKeysRefused(user: user, host: target.hostname, keys: tried) }
        return .agentKeysRefused(user: user, host: target.hostname, keys: tried)
    }
}

/// The key type an agent identity names first in its public key blob ("ssh-rsa", "ssh-ed25519", …).
enum AgentKeyType {
    static func of(_ identity: libssh2_agent_publickey) -> String? {
        guard let blob = identity.blob, identity.blob_len >= 4 else { return nil }
        let length = Int(blob[0]) << 24 | Int(blob[1]) << 16 | Int(blob[2]) << 8 | Int(blob[3])
        guard length > 0, 4 + length <= identity.blob_len else { return nil }
        return String(decoding: UnsafeBufferPointer(start: blob + 4, count: length), as: UTF8.self)
    }
}
