import Foundation

/// Makes and removes the directory holding the sandbox's keys, config and log.
enum SandboxDirectory {
    /// Returns the directory path and whether the sandbox created it (and so may delete it whole).
    static func prepare(_ requested: String?) throws -> (path: String, created: Bool) {
        let path: String
        let created: Bool
        if let requested {
            let absolute = URL(fileURLWithPath: requested).standardizedFileURL.path
            created = !FileManager.default.fileExists(atPath: absolute)
            do {
                try FileManager.default.createDirectory(
                    atPath: absolute,
                    withIntermediateDirectories: true)
            } catch {
                throw SandboxError.directoryFailed(path: absolute, reason: "\(error)")
            }
            path = absolute
        } else {
            var template = Array("/tmp/sfa-sandbox-XXXXXX".utf8CString)
            guard mkdtemp(&template) != nil else {
                throw SandboxError.directoryFailed(
                    path: "/tmp/sfa-sandbox-XXXXXX",
                    reason: String(cString: strerror(errno)))
            }
            path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            created = true
        }
        // sshd opens authorized_keys with the account's uid, so the account must be able to
        // traverse the directory; 0711 lets it reach the file without listing the private keys.
        var info = stat()
        guard stat(path, &info) == 0, chmod(path, (info.st_mode & 0o7777) | 0o711) == 0 else {
            throw SandboxError.directoryFailed(path: path, reason: String(cString: strerror(errno)))
        }
        return (path, created)
    }

    /// Removes what the sandbox put there: the whole directory if it made it, else its own files.
    static func remove(_ layout: SandboxLayout, created: Bool) {
        if created {
            try? FileManager.default.removeItem(atPath: layout.directory)
        } else {
            for file in layout.allFiles { unlink(file) }
        }
    }
}
