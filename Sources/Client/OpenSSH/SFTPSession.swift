// read_file and list_directory over the sftp subsystem, as a session on the target's master
// (a subsystem session over `MuxClient`), speaking SFTP version 3 on its stdin and stdout. The same subsystem the
// libssh2 transport opens, so a server-side enforcer's sftp handling applies alike; and the
// exact attributes (type from lstat, mode, size, mtime) instead of parsed `ls` text.
import Foundation
import RemoteAccess

struct SFTPSession {
    let arguments: SSHArguments
    let deadline: ContinuousClock.Instant
    let limit: Duration

    private static let readChunk: UInt32 = 32768
    /// Entries kept beyond the cap, so the capped result is the first by name (as on libssh2).
    private static let extraEntries = 100_000

    func readFile(path: String, maxBytes: Int) throws(SSHError) -> RemoteFile {
        let channel = try SFTPChannel(arguments: arguments, deadline: deadline, path: path, limit: limit)
        defer { channel.finish() }
        let attributes = try channel.stat(path)
        switch attributes.type {
        case .directory: throw .remoteIsDirectory(path: path)
        case .file: break
        default: throw .remoteNotRegularFile(path: path, kind: attributes.kindName)
        }
        let handle = try channel.open(path)
        var content: [UInt8] = []
        // One byte more than asked, so truncation is known even when the size lies (/proc).
        while content.count <= maxBytes {
            let want = UInt32(min(Int(Self.readChunk), maxBytes + 1 - content.count))
            guard let data = try channel.read(handle, offset: UInt64(content.count), length: want) else { break }
            if data.isEmpty { break }
            content += data
        }
        try? channel.closeHandle(handle)
        let truncated = content.count > maxBytes || attributes.size > UInt64(maxBytes)
        return RemoteFile(
            content: Array(content.prefix(maxBytes)), size: max(attributes.size, UInt64(content.count)), truncated: truncated)
    }

    func listDirectory(path: String, maxEntries: Int) throws(SSHError) -> RemoteDirectoryListing {
        let channel = try SFTPChannel(arguments: arguments, deadline: deadline, path: path, limit: limit)
        defer { channel.finish() }
        let attributes = try channel.stat(path)
        guard attributes.type == .directory else { throw .remoteNotDirectory(path: path) }
        let handle = try channel.openDirectory(path)
        var entries: [RemoteDirectoryEntry] = []
        var overflow = false
        while let batch = try channel.readDirectory(handle) {
            for (name, attributes) in batch where name != "." && name != ".." {
                if entries.count >= maxEntries + Self.extraEntries {
                    overflow = true
                    continue
                }
                entries.append(
                    RemoteDirectoryEntry(
                        name: name, type: attributes.type, size: attributes.size, mode: attributes.permissions,
                        modified: Date(timeIntervalSince1970: TimeInterval(attributes.modified))))
            }
        }
        try? channel.closeHandle(handle)
        entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return RemoteDirectoryListing(
            entries: Array(entries.prefix(maxEntries)), truncated: overflow || entries.count > maxEntries)
    }
}

/// What SFTP's ATTRS say about a file.
struct SFTPAttributes {
    var size: UInt64 = 0
    var mode: UInt32 = 0
    var modified: UInt32 = 0

    var permissions: UInt32 { mode & 0o7777 }
    var type: RemoteEntryType {
        switch mode & 0o170000 {
        case 0o100000: .file
        case 0o040000: .directory
        case 0o120000: .symlink
        default: .other
        }
    }
    var kindName: String {
        switch mode & 0o170000 {
        case 0o100000: "regular file"
        case 0o040000: "directory"
        case 0o120000: "symbolic link"
        case 0o010000: "FIFO (named pipe)"
        case 0o140000: "socket"
        case 0o020000: "character device"
        case 0o060000: "block device"
        default: "special file"
        }
    }
}

/// One sftp subsystem session: request, wait for its answer, with the job's deadline.
final class SFTPChannel {
    private enum Packet: UInt8 {
        case initialize = 1
        case version = 2
        case open = 3
        case close = 4
        case read = 5
        case openDirectory = 11
        case readDirectory = 12
        case stat = 17
        case status = 101
        case handle = 102
        case data = 103
        case name = 104
        case attributes = 105
    }

    private let session: MuxSessionPipes
    private let path: String
    private let host: String
    private let deadline: ContinuousClock.Instant
    private let limit: Duration
    private var nextID: UInt32 = 1
    private var received: [UInt8] = []

    init(arguments: SSHArguments, deadline: ContinuousClock.Instant, path: String, limit: Duration) throws(SSHError) {
        self.path = path
        self.host = arguments.destination
        self.deadline = deadline
        self.limit = limit
        let socket = arguments.directory.socket(for: arguments.target)
        do {
            session = try MuxSessionPipes.open(socket: socket, command: "sftp", subsystem: true, withInput: true)
        } catch {
            switch error {
            case .noMaster(let reason):
                throw .connectionLost(host: arguments.destination, reason: "the ssh master went away (\(reason))")
            case .refused(let reason):
                throw .channelFailed(host: arguments.destination, reason: "the ssh master refused the sftp session: \(reason)")
            case .noAnswer:
                throw .operationTimedOut(host: arguments.destination, operation: "SFTP on \(path)", seconds: limit.secondsDouble)
            case .local(let reason): throw .channelFailed(host: arguments.destination, reason: reason)
            }
        }
        var hello = SFTPWire.Writer()
        hello.u32(3)
        try send(.initialize, hello.bytes, withID: false)
        let (type, _) = try receive()
        guard type == Packet.version.rawValue else { throw .sftpFailed(path: path, reason: "the server did not start SFTP") }
    }

    func finish() {
        session.close()
    }

    func stat(_ path: String) throws(SSHError) -> SFTPAttributes {
        var body = SFTPWire.Writer()
        body.string(Array(path.utf8))
        guard var reader = try request(.stat, body.bytes, expecting: .attributes) else { throw malformed() }
        return try attributes(&reader)
    }

    func open(_ path: String) throws(SSHError) -> [UInt8] {
        var body = SFTPWire.Writer()
        body.string(Array(path.utf8))
        body.u32(1) // SSH_FXF_READ
        body.u32(0) // no attributes
        guard var reader = try request(.open, body.bytes, expecting: .handle) else { throw malformed() }
        guard let handle = reader.string() else { throw malformed() }
        return handle
    }

    func openDirectory(_ path: String) throws(SSHError) -> [UInt8] {
        var body = SFTPWire.Writer()
        body.string(Array(path.utf8))
        guard var reader = try request(.openDirectory, body.bytes, expecting: .handle) else { throw malformed() }
        guard let handle = reader.string() else { throw malformed() }
        return handle
    }

    /// nil at end of file.
    func read(_ handle: [UInt8], offset: UInt64, length: UInt32) throws(SSHError) -> [UInt8]? {
        var body = SFTPWire.Writer()
        body.string(handle)
        body.u64(offset)
        body.u32(length)
        guard var reader = try request(.read, body.bytes, expecting: .data, endOfFileIsNil: true) else { return nil }
        guard let data = reader.string() else { throw malformed() }
        return data
    }

    /// nil at the end of the listing.
    func readDirectory(_ handle: [UInt8]) throws(SSHError) -> [(String, SFTPAttributes)]? {
        var body = SFTPWire.Writer()
        body.string(handle)
        guard var reader = try request(.readDirectory, body.bytes, expecting: .name, endOfFileIsNil: true) else { return nil }
        guard let count = reader.u32() else { throw malformed() }
        var names: [(String, SFTPAttributes)] = []
        for _ in 0..<count {
            guard let name = reader.string(), reader.string() != nil else { throw malformed() }
            names.append((String(decoding: name, as: UTF8.self), try attributes(&reader)))
        }
        return names
    }

    func closeHandle(_ handle: [UInt8]) throws(SSHError) {
        var body = SFTPWire.Writer()
        body.string(handle)
        _ = try request(.close, body.bytes, expecting: .status)
    }

    // MARK: -

    private func attributes(_ reader: inout SFTPWire.Reader) throws(SSHError) -> SFTPAttributes {
        guard let flags = reader.u32() else { throw malformed() }
        var result = SFTPAttributes()
        if flags & 0x1 != 0 {
            guard let size = reader.u64() else { throw malformed() }
            result.size = size
        }
        if flags & 0x2 != 0 { guard reader.u32() != nil, reader.u32() != nil else { throw malformed() } }
        if flags & 0x4 != 0 {
            guard let mode = reader.u32() else { throw malformed() }
            result.mode = mode
        }
        if flags & 0x8 != 0 {
            guard reader.u32() != nil, let mtime = reader.u32() else { throw malformed() }
            result.modified = mtime
        }
        if flags & 0x8000_0000 != 0 {
            guard let count = reader.u32() else { throw malformed() }
            for _ in 0..<count { guard reader.string() != nil, reader.string() != nil else { throw malformed() } }
        }
        return result
    }

    @discardableResult
    private func request(_ type: Packet, _ body: [UInt8], expecting: Packet, endOfFileIsNil: Bool = false) throws(SSHError)
        -> SFTPWire.Reader?
    {
        let id = nextID
        nextID += 1
        try send(type, body, id: id)
        let (answer, payload) = try receive()
        var reader = SFTPWire.Reader(bytes: payload[...])
        guard reader.u32() == id else { throw malformed() }
        if answer == Packet.status.rawValue {
            let code = reader.u32() ?? 4
            if code == 0, expecting == .status { return reader }
            if code == 1, endOfFileIsNil { return nil }
            let message = reader.string().map { String(decoding: $0, as: UTF8.self) } ?? ""
            switch code {
            case 2: throw .remoteFileNotFound(path: path)
            case 3: throw .remotePermissionDenied(path: path)
            default: throw .sftpFailed(path: path, reason: "server status \(code)\(message.isEmpty ? "" : ": \(message)")")
            }
        }
        guard answer == expecting.rawValue else { throw malformed() }
        return reader
    }

    private func send(_ type: Packet, _ body: [UInt8], id: UInt32 = 0, withID: Bool = true) throws(SSHError) {
        var packet = SFTPWire.Writer()
        packet.u32(UInt32(1 + (withID ? 4 : 0) + body.count))
        packet.bytes.append(type.rawValue)
        if withID { packet.u32(id) }
        packet.bytes += body
        var rest = packet.bytes[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { write(session.inputFD, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw lost() }
            rest = rest.dropFirst(written)
        }
    }

    /// The next whole packet: its type and payload.
    private func receive() throws(SSHError) -> (UInt8, [UInt8]) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if received.count >= 4 {
                let length = Int(received[0]) << 24 | Int(received[1]) << 16 | Int(received[2]) << 8 | Int(received[3])
                guard length >= 1, length < 1 << 24 else { throw malformed() }
                if received.count >= 4 + length {
                    let type = received[4]
                    let payload = Array(received[5..<(4 + length)])
                    received.removeFirst(4 + length)
                    return (type, payload)
                }
            }
            if ContinuousClock.now >= deadline {
                throw .operationTimedOut(host: host, operation: "SFTP on \(path)", seconds: limit.secondsDouble)
            }
            guard session.outputFD >= 0 else { throw lost() }
            var descriptor = pollfd(fd: session.outputFD, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 50)
            let count = buffer.withUnsafeMutableBytes { Glibc.read(session.outputFD, $0.baseAddress, $0.count) }
            if count > 0 {
                received += buffer[..<count]
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                session.closeOutput(.stdout)
            }
        }
    }

    private func malformed() -> SSHError { .sftpFailed(path: path, reason: "malformed answer from the server") }

    private func lost() -> SSHError {
        .sftpFailed(path: path, reason: "the sftp subsystem ended")
    }
}

/// SSH's big-endian integers and length-prefixed strings.
enum SFTPWire {
    struct Writer {
        var bytes: [UInt8] = []
        mutating func u32(_ value: UInt32) { bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        mutating func u64(_ value: UInt64) {
            bytes += [56, 48, 40, 32, 24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
        }
        mutating func string(_ value: [UInt8]) {
            u32(UInt32(value.count))
            bytes += value
        }
    }

    struct Reader {
        var bytes: ArraySlice<UInt8>
        mutating func u32() -> UInt32? {
            guard bytes.count >= 4 else { return nil }
            defer { bytes = bytes.dropFirst(4) }
            return bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
        }
        mutating func u64() -> UInt64? {
            guard bytes.count >= 8 else { return nil }
            defer { bytes = bytes.dropFirst(8) }
            return bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        }
        mutating func string() -> [UInt8]? {
            guard let length = u32(), bytes.count >= Int(length) else { return nil }
            defer { bytes = bytes.dropFirst(Int(length)) }
            return Array(bytes.prefix(Int(length)))
        }
    }
}
