// The private directory (mode 0700) that holds the ControlMaster sockets, their logs, configs
// and the askpass helper: under $XDG_RUNTIME_DIR when the session has one (a tmpfs only this
// user can enter, emptied at logout), else under the user's cache directory. Never a fixed
// name under /tmp: another local user could create it first, to keep us out or to wait for
// our sockets. Every directory on the way is checked (`PrivateDirectory`). A Unix socket path
// has at most 107 bytes and ssh binds a name 17 bytes longer first: when the cache path is too
// deep, the sockets go to a directory mkdtemp made under /tmp (an unguessable name), whose path
// the cache directory records so later processes of ours share the same masters.
import Crypto
import Foundation
import RemoteAccess

struct ControlDirectory: Sendable {
    let path: String

    /// The longest directory path that leaves room, within sun_path's 107 usable bytes, for "/",
    /// a 16-digit socket name and the 17-byte suffix of the temporary name ssh binds first.
    static let maxPathBytes = 107 - 1 - 16 - 17

    /// Creates (or checks) the directory; refuses one that is not ours or is open to others,
    /// because whoever can reach a master socket can run commands as the remote account.
    static func prepare(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SSHError)
        -> ControlDirectory
    {
        let base: String
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, FileManager.default.fileExists(atPath: runtime) {
            // The runtime directory itself is checked as an ancestor: ours, writable by no one else.
            try PrivateDirectory.make(runtime + "/ssh-for-agents", privateRoot: runtime + "/ssh-for-agents")
            base = runtime + "/ssh-for-agents"
        } else {
            let cache: String
            if let configured = environment["XDG_CACHE_HOME"], configured.hasPrefix("/") {
                cache = configured
            } else {
                let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
                cache = home + "/.cache"
            }
            try PrivateDirectory.make(cache + "/ssh-for-agents/ssh", privateRoot: cache + "/ssh-for-agents")
            base = cache + "/ssh-for-agents/ssh"
        }
        if base.utf8.count <= maxPathBytes { return ControlDirectory(path: base) }
        return ControlDirectory(path: try ShortSocketDirectory.path(recordedIn: base))
    }

    /// 16 hex digits of SHA-256 over everything that makes two targets different connections.
    static func name(for target: SSHTarget) -> String {
        let digest = SHA256.hash(data: Data(TargetIdentity(target).text.utf8))
        return digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    func socket(for target: SSHTarget) -> String { path + "/" + Self.name(for: target) }
    func masterLog(for target: SSHTarget) -> String { socket(for: target) + ".log" }
    func lockFile(for target: SSHTarget) -> String { socket(for: target) + ".lock" }
    func configFile(for target: SSHTarget) -> String { socket(for: target) + ".config" }
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
