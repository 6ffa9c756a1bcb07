// One target's ControlMaster: found alive (`ssh -O check`), or started (`ssh -f -N` with
// ControlPersist) under a file lock, so two processes of ours never race for one socket (the
// loser would fall back to a connection of its own that nobody ends).
import Foundation
import RemoteAccess

enum ControlMaster {
    /// Ensures a master answers on the target's socket; throws the connect error otherwise.
    static func ensure(_ arguments: SSHArguments, persist: Duration, environment: [String: String]) throws(SSHError) {
        let directory = arguments.directory
        let target = arguments.target
        let socket = directory.socket(for: target)
        let lock = open(directory.lockFile(for: target), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else {
            throw .connectFailed(host: arguments.destination, port: target.port, reason: "cannot open the master's lock file")
        }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        if isAlive(arguments, socket: socket) { return }
        // A socket left by a master that died: ssh would refuse to bind a new one there.
        unlink(socket)
        let log = directory.masterLog(for: target)
        unlink(log)

        var agent: PassphraseAgent?
        // The master lives on (ControlPersist) with the environment it was started with, readable
        // in /proc by the same account: it must not hold the passphrase variable.
        var masterEnvironment = ProcessInfo.processInfo.environment
        if case .privateKey(let rawPath, let variable) = target.authentication {
            if let variable { masterEnvironment[variable] = nil }
            let path = NSString(string: rawPath).expandingTildeInPath
            guard FileManager.default.fileExists(atPath: path) else { throw .privateKeyMissing(path: path) }
            if KeyFileEncryption.isEncrypted(path) {
                // BatchMode forbids ssh's own prompt: without a variable there is no way to unlock it.
                guard let variable else { throw .passphraseRequired(path: path) }
                agent = try PassphraseAgent(key: path, variable: variable, directory: directory)
            }
        }
        defer { agent?.stop() }
        // The hops of a ProxyJump read the key's agent from here (`TargetSSHConfig`).
        if let agent { masterEnvironment["SSH_AUTH_SOCK"] = agent.socket }
        try TargetSSHConfig.write(arguments, environment: environment)
        let limit = target.connectTimeout * 3 + .seconds(5)
        let started: (status: Int32, stdout: [UInt8], stderr: [UInt8])
        do {
            started = try SpawnedProcess.run(
                arguments.startMaster(socket: socket, log: log, persist: persist, identityAgent: agent?.socket),
                environment: masterEnvironment, limit: limit)
        } catch {
            throw .connectFailed(host: arguments.destination, port: target.port, reason: "cannot run ssh: \(error.reason)")
        }
        let said = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "") + String(decoding: started.stderr, as: UTF8.self)
        guard started.status == 0, isAlive(arguments, socket: socket) else {
            throw SSHClientMessages.connectFailure(said, target: target, arguments: arguments)
        }
    }

    /// The master answers an alive check on its socket (what `ssh -O check` asks).
    static func isAlive(_ arguments: SSHArguments, socket: String) -> Bool {
        guard FileManager.default.fileExists(atPath: socket), let mux = try? MuxClient(socket: socket, limit: .seconds(5)) else {
            return false
        }
        return mux.aliveCheck() != nil
    }

    /// Asks the master to exit (its sessions end with it).
    static func stop(_ arguments: SSHArguments) {
        let socket = arguments.directory.socket(for: arguments.target)
        guard FileManager.default.fileExists(atPath: socket) else { return }
        _ = try? SpawnedProcess.run(arguments.control("exit", socket: socket), limit: .seconds(5))
    }

    /// Why the master went away, from its log: the keepalive's verdict or nothing known.
    static func lossReason(_ arguments: SSHArguments) -> (stalled: Bool, text: String) {
        let log = (try? String(contentsOfFile: arguments.directory.masterLog(for: arguments.target), encoding: .utf8)) ?? ""
        if log.contains("not responding") { return (true, "no answer to keepalives") }
        let last = log.split(whereSeparator: \.isNewline).last.map(String.init)
        return (false, last ?? "the ssh master connection ended")
    }
}

/// Whether a private key file needs a passphrase (OpenSSH format: its cipher is not "none";
/// PEM: an ENCRYPTED header). Read without the passphrase.
enum KeyFileEncryption {
    static func isEncrypted(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        if text.contains("ENCRYPTED") { return true }
        let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body), data.count > 19 else { return false }
        // "openssh-key-v1\0", then a length-prefixed cipher name.
        let bytes = [UInt8](data)
        let magic = Array("openssh-key-v1".utf8) + [0]
        guard bytes.starts(with: magic) else { return false }
        let offset = magic.count
        let length =
            Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        guard offset + 4 + length <= bytes.count else { return false }
        return String(decoding: bytes[(offset + 4)..<(offset + 4 + length)], as: UTF8.self) != "none"
    }
}
