// A directory only this user can change, and every directory leading to it checked: whoever can
// rename or replace one of them can put a socket of theirs where we connect (and read every
// command we send) or keep us from starting a master at all. OpenSSH applies the same rule to
// ~/.ssh (its `safe_path`): owned by us or root, and not writable by group or others, except a
// root-owned sticky directory like /tmp, where others cannot remove or rename what is ours.
import Foundation
import RemoteAccess

enum PrivateDirectory {
    /// Creates `path` (missing parts with mode 0700) and checks it. The part from `privateRoot`
    /// down (our own directories) must be real directories owned by us, never group- or
    /// world-writable (refused: someone may have planted a socket there); readable by others is
    /// tightened to 0700. Above it, every directory must pass the `safe_path` rule.
    static func make(_ path: String, privateRoot: String) throws(SSHError) {
        let components = path.split(separator: "/").map(String.init)
        let rootDepth = privateRoot.split(separator: "/").count
        var current = ""
        if !isSafeAncestor("/") { throw refusal("/", "it is writable by other users") }
        for (index, component) in components.enumerated() {
            current += "/" + component
            if mkdir(current, 0o700) != 0, errno != EEXIST {
                throw .connectFailed(
                    host: "localhost", port: 0,
                    reason: "cannot create the ssh control directory \(current): \(String(cString: strerror(errno)))")
            }
            if index + 1 >= rootDepth {
                try checkOwn(current)
            } else if !isSafeAncestor(current) {
                throw refusal(current, "it is not a directory that only this user or root can change")
            }
        }
    }

    /// One of our own directories: ours, not a symlink, not writable by anyone else.
    static func checkOwn(_ path: String) throws(SSHError) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw refusal(path, "it is not a directory (a symbolic link or another file is there)")
        }
        guard info.st_uid == geteuid() else { throw refusal(path, "it is owned by uid \(info.st_uid), not by this user") }
        guard info.st_mode & 0o022 == 0 else {
            throw refusal(path, "it is writable by group or others (mode \(String(info.st_mode & 0o7777, radix: 8)))")
        }
        if info.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {
            throw refusal(path, "its mode cannot be set to 0700")
        }
    }

    /// A directory above ours: followed if a link (its target is checked as it is), owned by us
    /// or root, and writable by no one else unless root-owned and sticky.
    private static func isSafeAncestor(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return false }
        guard info.st_uid == geteuid() || info.st_uid == 0 else { return false }
        if info.st_mode & 0o022 == 0 { return true }
        return info.st_uid == 0 && info.st_mode & S_ISVTX != 0
    }

    private static func refusal(_ path: String, _ why: String) -> SSHError {
        .connectFailed(
            host: "localhost", port: 0,
            reason: "refusing the ssh control directory \(path): \(why). Whoever can change it could take over "
                + "the connections of ssh-for-agents; fix or remove it (or set XDG_RUNTIME_DIR to a private directory)")
    }
}
