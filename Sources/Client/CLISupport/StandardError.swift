#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text on file descriptor 2, written at once: not through C's `stderr` stream, so nothing waits in
/// a buffer when the process leaves with `_exit`, and without Foundation, which the enforcer must
/// not link.
public enum StandardError {
    public static func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { writeAll(to: 2, $0) }
    }
}

/// Retries short writes and EINTR; any other failure ends it, as there is nowhere left to report it.
private func writeAll(to descriptor: Int32, _ buffer: UnsafeRawBufferPointer) {
    guard let base = buffer.baseAddress else { return }
    var offset = 0
    while offset < buffer.count {
        let written = write(descriptor, base + offset, buffer.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += written
    }
}
