// Where the sockets go when the private directory's path is too long for a Unix socket: a
// directory mkdtemp creates under /tmp (its random name cannot be taken in advance), recorded
// in the long directory so later processes of ours find it and share the masters in it. A
// recorded directory that is gone (tmp cleaned) or no longer ours and private is replaced.
import Foundation
import RemoteAccess

enum ShortSocketDirectory {
    static func path(recordedIn long: String) throws(SSHError) -> String {
        let record = long + "/short-socket-directory"
        let lock = open(record + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else {
            throw .connectFailed(host: "localhost", port: 0, reason: "cannot open \(record).lock")
        }
        defer { close(lock) }
        // One process makes the directory; the others wait and read what it recorded.
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        if let recorded = try? String(contentsOfFile: record, encoding: .utf8), usable(recorded) { return recorded }
        var template = Array("/tmp/sfa-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .connectFailed(
                host: "localhost", port: 0,
                reason: "cannot create a socket directory under /tmp: \(String(cString: strerror(errno)))")
        }
        let path = String(cString: made)
        try PrivateDirectory.checkOwn(path)
        try UserSSHConfig.replace(record, with: path)
        return path
    }

    /// Ours, a real directory, mode 0700, with a short path: safe to put sockets in.
    private static func usable(_ path: String) -> Bool {
        guard path.hasPrefix("/tmp/sfa-"), path.utf8.count <= ControlDirectory.maxPathBytes else { return false }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return false }
        return info.st_uid == geteuid() && info.st_mode & 0o077 == 0
    }
}
