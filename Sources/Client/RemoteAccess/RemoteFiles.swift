// SFTP results: a file read up to a cap, and a directory listing.
import Foundation

public struct RemoteFile: Sendable {
    /// At most `maxBytes` bytes from the start of the file.
    public var content: [UInt8]
    /// The file's size as the server reports it (or the bytes read, if larger, e.g. /proc).
    public var size: UInt64
    public var truncated: Bool

    public init(content: [UInt8], size: UInt64, truncated: Bool) {
        self.content = content
        self.size = size
        self.truncated = truncated
    }
}

public enum RemoteEntryType: String, Sendable, Codable { case file, directory, symlink, other }

public struct RemoteDirectoryEntry: Sendable {
    public var name: String
    /// From lstat: a symlink is reported as `.symlink`, not as what it points to.
    public var type: RemoteEntryType
    public var size: UInt64
    /// Permission bits only (`0o7777` mask); the file type is in `type`.
    public var mode: UInt32
    public var modified: Date

    public init(name: String, type: RemoteEntryType, size: UInt64, mode: UInt32, modified: Date) {
        self.name = name
        self.type = type
        self.size = size
        self.mode = mode
        self.modified = modified
    }
}

public struct RemoteDirectoryListing: Sendable {
    /// Sorted by name (byte order), without "." and "..", at most `maxEntries`.
    public var entries: [RemoteDirectoryEntry]
    public var truncated: Bool

    public init(entries: [RemoteDirectoryEntry], truncated: Bool) {
        self.entries = entries
        self.truncated = truncated
    }
}
