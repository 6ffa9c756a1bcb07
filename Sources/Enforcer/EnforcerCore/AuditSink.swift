import AgentContracts

#if canImport(Glibc)
    import Glibc
#endif

/// Where decisions are written: a JSONL file opened with `O_APPEND` (one `write(2)` per record,
/// so records from concurrent sessions never interleave) and/or syslog, facility authpriv, tag
/// `ssh-for-agents`. Opened while the enforcer still holds its setgid group (the file may be
/// writable only by that group); the descriptor is close-on-exec, so no command inherits it.
public final class AuditSink {
    public struct Unavailable: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Where syslog(3) sends; without a listener there, records would vanish silently.
    static let syslogSocket = "/dev/log"

    /// openlog(3) keeps the pointer it is given, so the tag must outlive every syslog call: one
    /// C string for the life of the process.
    nonisolated(unsafe) private static let syslogTag: UnsafeMutablePointer<CChar> = strdup("ssh-for-agents")

    private let fileDescriptor: Int32?
    private let filePath: String?
    private let useSyslog: Bool

    public init(_ sinks: EnforcerPolicy.AuditSinks) throws(Unavailable) {
        if sinks.syslog {
            var info = stat()
            guard stat(Self.syslogSocket, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else {
                throw Unavailable(
                    description: "syslog is configured but \(Self.syslogSocket) is not a socket (no syslog daemon or journald?)")
            }
            openlog(Self.syslogTag, LOG_PID | LOG_NDELAY, LOG_AUTHPRIV)
        }
        useSyslog = sinks.syslog
        filePath = sinks.file
        if let path = sinks.file {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o640)
            guard fd >= 0 else {
                throw Unavailable(description: "audit file \(path) cannot be opened for appending: \(SystemError.text(errno))")
            }
            fileDescriptor = fd
        } else {
            fileDescriptor = nil
        }
    }

    deinit {
        if let fileDescriptor { close(fileDescriptor) }
    }

    public func write(_ record: AuditRecord) throws(Unavailable) {
        let line = record.jsonLine
        if useSyslog {
            let priority = record.decision == .allow ? LOG_INFO : LOG_NOTICE
            line.withCString { text in
                withVaList([text]) { vsyslog(priority, "%s", $0) }
            }
        }
        if let fileDescriptor, let filePath {
            let bytes = Array((line + "\n").utf8)
            var written = -1
            repeat {
                written = bytes.withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
            } while written < 0 && errno == EINTR
            guard written == bytes.count else {
                throw Unavailable(
                    description:
                        "audit file \(filePath) cannot be written: \(written < 0 ? SystemError.text(errno) : "short write")")
            }
        }
    }
}
