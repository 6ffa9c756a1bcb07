#if canImport(Glibc)
    import Glibc
#endif

/// Single use for signed approvals: a token's nonce becomes a file in the state directory,
/// created with `O_EXCL`, so a second use of the same token finds it and is refused. The file
/// holds the expiry; nonces past it are pruned (an expired token is refused anyway).
public struct NonceStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case replayed
        case unavailable(String)

        public var description: String {
            switch self {
            case .replayed: "the approval was already used (replayed)"
            case .unavailable(let reason): "the nonce directory cannot record the approval: \(reason)"
            }
        }
    }

    /// Records `nonce` (32 hex digits, checked by the token's parser) until `expiry`.
    public func consume(nonce: String, expiry: Int64, now: Int64) throws(Failure) {
        guard nonce.count == 32, nonce.allSatisfy(\.isHexDigit) else { throw .unavailable("malformed nonce") }
        prune(now: now)
        let path = directory + "/" + nonce
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { throw .replayed }
            throw .unavailable("\(path): \(SystemError.text(code))")
        }
        defer { close(fd) }
        let text = Array("\(expiry)\n".utf8)
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == text.count else { throw .unavailable("\(path): \(SystemError.text(errno))") }
    }

    /// Deletes nonces whose expiry has passed. Best effort: a nonce left behind only costs a file.
    func prune(now: Int64) {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.count == 32, name.allSatisfy(\.isHexDigit) else { continue }
            let path = directory + "/" + name
            if let expiry = Self.expiry(at: path), expiry <= now { unlink(path) }
        }
    }

    private static func expiry(at path: String) -> Int64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return Int64(String(decoding: buffer[0..<count], as: UTF8.self).filter(\.isNumber))
    }
}
