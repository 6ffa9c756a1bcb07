import Foundation
import Synchronization

/// Keeps big command output out of the model's context without losing it: a stream over the inline
/// budget is saved whole to a private file (0600, in a 0700 directory) and only its beginning and
/// end are returned inline, with the file's path and size.
public final class OutputSpill: Sendable {
    /// Bytes of each stream returned inline.
    public let inlineBytes: Int
    private let directoryCandidates: [String]
    private let chosenDirectory = Mutex<String?>(nil)
    private let counter = Atomic<Int>(0)
    /// Saved files older than this are removed when the server starts.
    static let retention: TimeInterval = 7 * 24 * 3600

    public convenience init(inlineBytes: Int, environment: [String: String] = ProcessInfo.processInfo.environment) {
        var candidates: [String] = []
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            candidates.append(cache + "/ssh-for-agents")
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            candidates.append(home + "/.cache/ssh-for-agents")
        }
        candidates.append(NSTemporaryDirectory() + "ssh-for-agents-\(getuid())")
        self.init(inlineBytes: inlineBytes, directoryCandidates: candidates)
    }

    private init(inlineBytes: Int, directoryCandidates: [String]) {
        self.inlineBytes = max(inlineBytes, 256)
        self.directoryCandidates = directoryCandidates
    }

    /// The same private directory, another inline budget (read_file shows more than commands).
    func withInlineBytes(_ bytes: Int) -> OutputSpill {
        OutputSpill(inlineBytes: bytes, directoryCandidates: directoryCandidates)
    }

    /// What to return for one captured stream.
    func render(_ bytes: [UInt8], totalBytes: Int, capped: Bool, label: String) -> StreamOutput {
        guard bytes.count > inlineBytes else {
            return StreamOutput(
                text: String(decoding: bytes, as: UTF8.self), totalBytes: totalBytes,
                capped: capped, savedTo: nil, omittedBytes: 0)
        }
        let path = save(bytes, label: label)
        let (text, omitted) = excerpt(head: bytes, tail: bytes, savedBytes: bytes.count, path: path, label: label)
        return StreamOutput(text: text, totalBytes: totalBytes, capped: capped, savedTo: path, omittedBytes: omitted)
    }

    /// Deletes saved output older than `retention`, so the cache does not grow without bound.
    /// Only looks where earlier runs may have saved something; creates nothing.
    public func pruneOldFiles() {
        let cutoff = Date().addingTimeInterval(-Self.retention)
        for directory in directoryCandidates {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names where name.hasPrefix("output-") {
                let path = directory + "/" + name
                var info = stat()
                if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid(),
                    Double(info.st_mtim.tv_sec) < cutoff.timeIntervalSince1970
                {
                    unlink(path)
                }
            }
        }
    }

    /// Index at or after `offset` that does not split a UTF-8 sequence.
    static func boundary(in bytes: [UInt8], near offset: Int) -> Int {
        var index = min(max(offset, 0), bytes.count)
        while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        return index
    }

    private func save(_ bytes: [UInt8], label: String) -> String? {
        guard let (descriptor, path) = createFile(label: label) else { return nil }
        defer { close(descriptor) }
        if bytes.withUnsafeBytes({ writeAll(descriptor, $0) }) != nil {
            Self.report(SpillError(what: "write \(path)"))
            return nil
        }
        return path
    }

    /// A new private (0600) file for one stream's output, open for writing; nil (reported on
    /// stderr) when none can be made.
    func createFile(label: String) -> (descriptor: Int32, path: String)? {
        do {
            let directory = try directory()
            let sequence = counter.add(1, ordering: .relaxed).newValue
            let stamp = Int(Date().timeIntervalSince1970 * 1000)
            let path = "\(directory)/output-\(stamp)-\(getpid())-\(sequence)-\(label).txt"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw SpillError(what: "create \(path)") }
            return (descriptor, path)
        } catch {
            Self.report(error)
            return nil
        }
    }

    static func report(_ error: any Error) {
        FileHandle.standardError.write(Data("ssh-for-agents: cannot save output: \(error)\n".utf8))
    }

    /// The inline text for a stream that was saved to `path`: its beginning, a note, its end.
    func excerpt(head: [UInt8], tail: [UInt8], savedBytes: Int, path: String?, label: String) -> (text: String, omitted: Int) {
        let headPart = head[..<Self.boundary(in: head, near: inlineBytes * 2 / 5)]
        let tailBudget = inlineBytes - headPart.count
        let tailPart = tail[Self.boundary(in: tail, near: tail.count - tailBudget)...]
        let omitted = max(0, savedBytes - headPart.count - tailPart.count)
        let note =
            path.map { "full \(label) (\(savedBytes) bytes) saved to \($0)" }
            ?? "could not save the full \(label); see the server's log"
        let text =
            String(decoding: headPart, as: UTF8.self)
            + "\n[… \(omitted) bytes omitted; \(note) …]\n"
            + String(decoding: tailPart, as: UTF8.self)
        return (text, omitted)
    }

    /// The first candidate directory that is (or can be made) private to this user.
    private func directory() throws -> String {
        try chosenDirectory.withLock { chosen in
            if let chosen { return chosen }
            for candidate in directoryCandidates where Self.preparePrivateDirectory(candidate) {
                chosen = candidate
                return candidate
            }
            throw SpillError(what: "create a private directory in \(directoryCandidates.joined(separator: ", "))")
        }
    }

    private static func preparePrivateDirectory(_ path: String) -> Bool {
        try? FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid() else { return false }
        if info.st_mode & 0o077 != 0 { return chmod(path, 0o700) == 0 }
        return true
    }
}

struct SpillError: Error, CustomStringConvertible {
    let what: String
    let code = errno
    var description: String { "cannot \(what): \(String(cString: strerror(code)))" }
}
