// A libssh2 SFTP subsystem and its file handles, as the SFTP operation uses them. Like the
// channel wrapper: non-blocking calls returning libssh2 codes, attributes as Swift values.
import CLibSSH2
import RemoteAccess

/// What stat and readdir report about a file.
struct SFTPFileAttributes {
    var type: RemoteEntryType
    /// Permission bits only (`0o7777`).
    var permissions: UInt32
    var size: UInt64
    /// Seconds since 1970.
    var modified: UInt64
    /// What the file is, in words ("regular file", "FIFO (named pipe)", …).
    var kindName: String

    init(_ raw: LIBSSH2_SFTP_ATTRIBUTES) {
        type =
            switch raw.permissions & UInt(LIBSSH2_SFTP_S_IFMT) {
            case UInt(LIBSSH2_SFTP_S_IFREG): .file
            case UInt(LIBSSH2_SFTP_S_IFDIR): .directory
            case UInt(LIBSSH2_SFTP_S_IFLNK): .symlink
            default: .other
            }
        kindName =
            switch raw.permissions & UInt(LIBSSH2_SFTP_S_IFMT) {
            case UInt(LIBSSH2_SFTP_S_IFREG): "regular file"
            case UInt(LIBSSH2_SFTP_S_IFDIR): "directory"
            case UInt(LIBSSH2_SFTP_S_IFLNK): "symbolic link"
            case UInt(LIBSSH2_SFTP_S_IFIFO): "FIFO (named pipe)"
            case UInt(LIBSSH2_SFTP_S_IFSOCK): "socket"
            case UInt(LIBSSH2_SFTP_S_IFCHR): "character device"
            case UInt(LIBSSH2_SFTP_S_IFBLK): "block device"
            default: "special file"
            }
        permissions = UInt32(raw.permissions & 0o7777)
        size = raw.filesize
        modified = UInt64(raw.mtime)
    }
}

/// The server's status for the last failed SFTP request.
enum SFTPStatus: Equatable {
    case noSuchFile
    case permissionDenied
    case notADirectory
    case other(UInt)
}

struct LibSSH2SFTP {
    let raw: OpaquePointer

    /// Starts the subsystem on a new channel; nil with the session's last errno telling why.
    static func start(on session: LibSSH2Session) -> LibSSH2SFTP? {
        libssh2_sftp_init(session.raw).map(LibSSH2SFTP.init(raw:))
    }

    /// stat (follows symlinks): the code, and the attributes when it succeeded.
    func stat(_ path: String) -> (code: Int32, attributes: SFTPFileAttributes?) {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let rc = libssh2_sftp_stat_ex(raw, path, UInt32(path.utf8.count), LIBSSH2_SFTP_STAT, &attributes)
        return (rc, rc == 0 ? SFTPFileAttributes(attributes) : nil)
    }

    /// Opens a file for reading, or a directory for listing; nil with the session's last errno.
    func open(_ path: String, directory: Bool) -> LibSSH2SFTPHandle? {
        libssh2_sftp_open_ex(
            raw, path, UInt32(path.utf8.count), UInt(LIBSSH2_FXF_READ), 0,
            directory ? LIBSSH2_SFTP_OPENDIR : LIBSSH2_SFTP_OPENFILE
        )
        .map(LibSSH2SFTPHandle.init(raw:))
    }

    func shutdown() -> Int32 { libssh2_sftp_shutdown(raw) }

    var lastStatus: SFTPStatus {
        switch UInt(libssh2_sftp_last_error(raw)) {
        case UInt(LIBSSH2_FX_NO_SUCH_FILE), UInt(LIBSSH2_FX_NO_SUCH_PATH): .noSuchFile
        case UInt(LIBSSH2_FX_PERMISSION_DENIED): .permissionDenied
        case UInt(LIBSSH2_FX_NOT_A_DIRECTORY): .notADirectory
        case let code: .other(code)
        }
    }
}

struct LibSSH2SFTPHandle {
    let raw: OpaquePointer

    /// > 0 bytes read, 0 at end of file, < 0 a libssh2 code.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        libssh2_sftp_read(raw, buffer.baseAddress!.assumingMemoryBound(to: CChar.self), buffer.count)
    }

    /// The next directory entry: > 0 the name's length in `nameBuffer`, 0 at the end, < 0 a code.
    func readDirectoryEntry(into nameBuffer: UnsafeMutableBufferPointer<CChar>) -> (code: Int32, attributes: SFTPFileAttributes) {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let rc = libssh2_sftp_readdir_ex(raw, nameBuffer.baseAddress, nameBuffer.count, nil, 0, &attributes)
        return (rc, SFTPFileAttributes(attributes))
    }

    func close() -> Int32 { libssh2_sftp_close_handle(raw) }
}
