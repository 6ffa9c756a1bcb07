#if canImport(Glibc)
    import Glibc
#endif

/// Reads a small regular file (policy, key, auth info) without following a symbolic link, with
/// its `stat`, so the caller can judge who could have written it.
struct SmallFile {
    enum Failure: Error, Equatable {
        case missing
        case symbolicLink
        case notRegular
        case tooLarge(limit: Int)
        case system(String)
    }

    let bytes: [UInt8]
    let info: stat

    static func read(_ path: String, maxBytes: Int = 1 << 20) throws(Failure) -> SmallFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw .missing }
            if code == ELOOP { throw .symbolicLink }
            throw .system(SystemError.text(code))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system(SystemError.text(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegular }
        guard info.st_size <= off_t(maxBytes) else { throw .tooLarge(limit: maxBytes) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(SystemError.text(errno))
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > maxBytes { throw .tooLarge(limit: maxBytes) }
        }
        return SmallFile(bytes: bytes, info: info)
    }
}
