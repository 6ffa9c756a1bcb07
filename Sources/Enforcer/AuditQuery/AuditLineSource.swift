#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where audit lines come from: a JSONL file or `journalctl -t ssh-for-agents -o cat`. Read as a
/// stream in fixed-size chunks, so a log of any size is queried in constant memory.
enum AuditLineSource {
    case file(path: String)
    case journal

    /// The syslog tag the enforcer writes under.
    static let syslogTag = "ssh-for-agents"
    static let journalctlPath = "/usr/bin/journalctl"

    var label: String {
        switch self {
        case .file(let path): "file " + path
        case .journal: "journal (journalctl -t \(Self.syslogTag))"
        }
    }

    /// Calls `body` with each line, without its newline (a last line without one included).
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(AuditSourceError) {
        switch self {
        case .file(let path):
            if let inherited = Self.inheritedDescriptor(path) {
                try Self.readLines(inherited, label: path, body)
                return
            }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.errnoText()) }
            defer { close(fd) }
            try Self.readLines(fd, label: path, body)
        case .journal:
            try JournalReader.run(Self.journalctlPath, ["-t", Self.syslogTag, "-o", "cat", "--no-pager"]) {
                fd throws(AuditSourceError) in
                try Self.readLines(fd, label: "journalctl", body)
            }
        }
    }

    /// N for a `/dev/fd/N` path: the enforcer opens its audit file while it holds its setgid group
    /// and passes it on that way. It is read through the descriptor itself, since opening
    /// `/dev/fd/N` again would check the file's permissions again, without the group.
    static func inheritedDescriptor(_ path: String) -> Int32? {
        let prefix = "/dev/fd/"
        guard path.hasPrefix(prefix), let fd = Int32(path.dropFirst(prefix.count)), fd >= 0 else { return nil }
        return fcntl(fd, F_GETFD) >= 0 ? fd : nil
    }

    private static let chunkSize = 1 << 16

    static func readLines(_ fd: Int32, label: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(AuditSourceError) {
        // `pending` holds the start of a line that continues in the next chunk.
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .readFailed(source: label, reason: errnoText())
            }
            if count == 0 { break }
            chunk.withUnsafeBufferPointer { buffer in
                var lineStart = 0
                for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                    if pending.isEmpty {
                        body(UnsafeBufferPointer(rebasing: buffer[lineStart..<index]))
                    } else {
                        pending.append(contentsOf: buffer[lineStart..<index])
                        pending.withUnsafeBufferPointer(body)
                        pending.removeAll(keepingCapacity: true)
                    }
                    lineStart = index + 1
                }
                pending.append(contentsOf: buffer[lineStart..<count])
            }
        }
        if !pending.isEmpty { pending.withUnsafeBufferPointer(body) }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Why the audit trail could not be read; each names the source and what to try instead.
public enum AuditSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(source: String, reason: String)
    case journalUnavailable(reason: String)
    case journalFailed(status: Int32)
    /// No `--file`, and the policy names no audit file and the journal is not asked for.
    case noSource

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the audit file \(path): \(reason)"
        case .readFailed(let source, let reason):
            "reading \(source) failed: \(reason)"
        case .journalUnavailable(let reason):
            "cannot run journalctl (\(reason)); without systemd-journald, read the audit file with --file PATH"
        case .journalFailed(let status):
            "journalctl exited with status \(status); its message is above"
        case .noSource:
            "no audit file to read: give --file PATH or --journal"
        }
    }
}
