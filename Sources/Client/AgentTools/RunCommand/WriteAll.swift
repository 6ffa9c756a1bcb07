import Foundation

/// Writes every byte to a file descriptor, retrying short writes and EINTR; EAGAIN is waited out
/// because a parent process may have left our stdout non-blocking. Returns errno on failure.
/// `package`: the MCP server's stdio transport writes its lines with it too.
package func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32? {
    var offset = 0
    while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            if errno == EAGAIN {
                usleep(200)
                continue
            }
            return errno
        }
        offset += written
    }
    return nil
}
