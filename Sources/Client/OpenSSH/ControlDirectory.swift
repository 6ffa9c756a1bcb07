// The private directory (mode 0700) that holds the ControlMaster sockets, their logs and the
// askpass helper. Under $XDG_RUNTIME_DIR when the session has one (a tmpfs only this user can
// enter, emptied at logout), else the user's cache directory. Short names: a Unix socket path
// has at most 107 bytes, and ssh adds a 17-byte suffix while it creates the socket.
import Crypto
import Foundation
import RemoteAccess

struct ControlDirectory: Sendable {
    let path: String

    /// Creates (or checks) the directory; refuses one that is not ours or is open to others,
    /// because whoever can reach a master socket can run commands as the remote account.
    static func prepare(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SSHError)
        -> ControlDirectory
    {
        var base: String
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, FileManager.default.fileExists(atPath: runtime) {
            base = runtime + "/ssh-for-agents"
        } else if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
            base = cache + "/ssh-for-agents/ssh"
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = home + "/.cache/ssh-for-agents/ssh"
        }
        // A socket path has at most 107 bytes, and ssh binds a 17-byte longer temporary name first:
        // a deep home directory gets a short private directory under /tmp instead.
        if base.utf8.count + 1 + 16 + 17 > 104 { base = "/tmp/ssh-for-agents-\(geteuid())" }
        do {
            try FileManager.default.createDirectory(
                atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .connectFailed(host: "localhost", port: 0, reason: "cannot create the ssh control directory \(base): \(error)")
        }
        var info = stat()
        guard lstat(base, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else {
            throw .connectFailed(
                host: "localhost", port: 0, reason: "the ssh control directory \(base) is not a directory owned by this user")
        }
        if info.st_mode & 0o077 != 0 { chmod(base, 0o700) }
        return ControlDirectory(path: base)
    }

    /// 16 hex digits of SHA-256 over everything that makes two targets different connections.
    static func name(for target: SSHTarget) -> String {
        let digest = SHA256.hash(data: Data(TargetIdentity(target).text.utf8))
        return digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    func socket(for target: SSHTarget) -> String { path + "/" + Self.name(for: target) }
    func masterLog(for target: SSHTarget) -> String { socket(for: target) + ".log" }
    func lockFile(for target: SSHTarget) -> String { socket(for: target) + ".lock" }
    var askpassHelper: String { path + "/askpass" }
    var sshConfigWrapper: String { path + "/ssh_config" }
}

/// Every field of a target, in one line of text, so a changed key, known_hosts file or alias
/// gets a master of its own instead of reusing one authenticated differently.
private struct TargetIdentity {
    let text: String

    init(_ target: SSHTarget) {
        let authentication: String
        switch target.authentication {
        case .agent: authentication = "agent"
        case .privateKey(let path, let variable): authentication = "key:\(path):\(variable ?? "")"
        }
        let verification: String
        switch target.hostKeyVerification {
        case .disabled: verification = "no-verification"
        case .knownHosts(let files): verification = "known:" + files.joined(separator: ":")
        }
        text = [
            "v1", target.sshConfigHost ?? "", target.hostname, String(target.port), target.username, authentication,
            verification, ProcessInfo.processInfo.environment["HOME"] ?? "",
        ].joined(separator: "\u{1f}")
    }
}
