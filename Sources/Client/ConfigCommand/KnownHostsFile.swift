import Foundation
import HostConfiguration
import SSHTransport

/// The known_hosts file `trust` writes: OpenSSH's format, `[host]:port` for a port other than 22.
struct KnownHostsFile {
    let path: String

    /// The name OpenSSH looks a host up by.
    static func entryName(host: String, port: Int) -> String {
        port == 22 ? host : "[\(host)]:\(port)"
    }

    /// Appends one entry (creating the file 0600 and its directory 0700), under an advisory
    /// lock so two `trust` runs do not interleave, flushed to disk before it returns.
    func append(name: String, key: PresentedHostKey) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Refusal("cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        // A file whose last line has no newline would otherwise glue our entry onto it.
        let needsNewline = (try? Data(contentsOf: URL(fileURLWithPath: path)))?.last.map { $0 != 0x0A } ?? false
        let line = (needsNewline ? "\n" : "") + "\(name) \(key.keyType) \(key.base64)\n"
        let bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Refusal("cannot write to \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw Refusal("cannot flush \(path): \(String(cString: strerror(errno)))") }
    }

    /// Removes every entry for `name`, hashed ones included, with OpenSSH's own `ssh-keygen -R`.
    func removeEntries(for name: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh-keygen", "-R", name, "-f", path]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Refusal("cannot run ssh-keygen to remove the old entry from \(path): \(error)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Refusal("`ssh-keygen -R \(name) -f \(path)` failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
