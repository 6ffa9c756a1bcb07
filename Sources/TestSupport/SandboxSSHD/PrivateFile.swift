import Foundation

/// Writes files that hold secrets or point at private keys: mode 0600 from the first byte, and
/// renamed into place so a reader polling for the file never sees half of it.
enum PrivateFile {
    static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(path) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            unlink(temporary)
            throw SandboxError.directoryFailed(path: path, reason: "cannot write: \(error)")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure(path)
        }
    }

    private static func failure(_ path: String) -> SandboxError {
        .directoryFailed(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
    }
}
