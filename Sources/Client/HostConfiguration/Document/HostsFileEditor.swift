import AgentContracts
import Foundation

/// Changes `hosts.json` the way a running server and a second editor can live with:
/// - under an advisory lock (`flock` on a `.lock` file beside it), so two concurrent edits are
///   applied one after the other and both land;
/// - only when the result is a valid configuration: an edit that would break the file is refused
///   and the file stays as it was;
/// - atomically: a temporary file in the same directory, fsync, rename, fsync of the directory,
///   so a reader (the server's hot reload) sees the old file or the new one, never half of one;
/// - keeping the file's permission bits (0600 for a new file: it names keys and accounts).
/// A symbolic link is followed: the file it points to is replaced, the link stays.
public struct HostsFileEditor: Sendable {
    public let path: String
    public let homeDirectory: String

    public init(path: String, homeDirectory: String = UserHome.directory()) {
        self.path = path
        self.homeDirectory = homeDirectory
    }

    /// What an edit did, for the command's report.
    public struct Outcome<Result: Sendable>: Sendable {
        public let result: Result
        public let created: Bool
        public let config: HostsConfig
    }

    /// Runs `change` on the current document (an empty one when the file does not exist yet) and
    /// writes the result, all under the lock. `change` throwing leaves the file untouched.
    public func edit<Result: Sendable>(
        _ change: (inout HostsDocument) throws -> Result
    ) throws -> Outcome<Result> {
        let target = resolvedTarget()
        let lock = try FileLock(path: Self.lockPath(for: target))
        defer { lock.release() }
        let exists = FileManager.default.fileExists(atPath: target)
        var document = exists ? try HostsDocument(contentsOf: target) : HostsDocument()
        let result = try change(&document)
        let config = try document.validated(path: path, homeDirectory: homeDirectory)
        try replace(target, with: document.serialized())
        return Outcome(result: result, created: !exists, config: config)
    }

    /// Writes `document` as the whole file (validated first), under the lock.
    public func write(_ document: HostsDocument) throws {
        _ = try edit { current in current = document }
    }

    static func lockPath(for target: String) -> String {
        let url = URL(fileURLWithPath: target)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".lock").path
    }

    /// The file a rename must replace: the end of a chain of symbolic links, else the path itself.
    private func resolvedTarget() -> String {
        guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return path }
        let resolved =
            destination.hasPrefix("/")
            ? destination
            : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(destination).path
        return HostsFileEditor(path: resolved, homeDirectory: homeDirectory).resolvedTarget()
    }

    private func replace(_ target: String, with data: Data) throws {
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        var info = stat()
        let mode: mode_t = stat(target, &info) == 0 ? info.st_mode & 0o7777 : 0o600
        var template = Array((directory + "/.hosts.json.tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Self.failure(directory, "cannot create a temporary file there") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, mode) == 0 else { throw Self.failure(temporary, "cannot set its mode") }
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw Self.failure(temporary, "cannot write")
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw Self.failure(temporary, "cannot flush to disk") }
        }
        guard rename(temporary, target) == 0 else { throw Self.failure(target, "cannot replace the file") }
        renamed = true
        // The rename itself reaches the disk only with the directory.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func failure(_ path: String, _ what: String) -> HostConfigError {
        .unreadable(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// An exclusive `flock` held until `release`; the kernel drops it if the process dies.
private final class FileLock {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw HostConfigError.unreadable(path: path, reason: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw HostConfigError.unreadable(path: path, reason: "cannot lock: \(reason)")
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
