// A libssh2 "session" channel, as the exec operation uses it. Every call is non-blocking and
// returns libssh2's code, which the event loop classifies (`EventLoop.check`); the operation
// above only sees Swift values.
import CLibSSH2

struct LibSSH2Channel {
    let raw: OpaquePointer

    /// Opens a "session" channel (2 MiB window, 32 KiB packets); nil with the session's last
    /// errno telling whether to wait or why it failed.
    static func open(on session: LibSSH2Session) -> LibSSH2Channel? {
        libssh2_channel_open_ex(session.raw, "session", 7, 2 * 1024 * 1024, 32768, nil, 0).map(LibSSH2Channel.init(raw:))
    }

    /// Sends the "exec" request.
    func startExec(_ command: String) -> Int32 {
        command.withCString { text in
            libssh2_channel_process_startup(raw, "exec", 4, text, UInt32(strlen(text)))
        }
    }

    /// Writes to the command's stdin: > 0 bytes taken, < 0 a libssh2 code (EAGAIN: window full).
    func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        libssh2_channel_write_ex(raw, 0, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
    }

    /// Tells the server stdin is finished.
    func sendEOF() -> Int32 { libssh2_channel_send_eof(raw) }

    /// Reads what `stream` has into `buffer`: > 0 bytes read, 0 at EOF, < 0 a libssh2 code.
    func read(_ stream: ExecStream, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        libssh2_channel_read_ex(
            raw, stream == .stdout ? 0 : 1,
            buffer.baseAddress!.assumingMemoryBound(to: CChar.self), buffer.count)
    }

    func sendClose() -> Int32 { libssh2_channel_close(raw) }

    func waitClosed() -> Int32 { libssh2_channel_wait_closed(raw) }

    /// The exit status the server reported (0 when it reported none: ask only after EOF on both streams).
    var exitStatus: Int32 { libssh2_channel_get_exit_status(raw) }

    /// The signal name without "SIG" when the process died of one.
    func exitSignal(on session: LibSSH2Session) -> String? {
        var signal: UnsafeMutablePointer<CChar>?
        var length = 0
        _ = libssh2_channel_get_exit_signal(raw, &signal, &length, nil, nil, nil, nil)
        defer { if let signal { libssh2_free(session.raw, signal) } }
        return signal.map { String(cString: $0) }
    }

    /// Frees the channel; false when libssh2 cannot do it without blocking yet (try again later).
    func free() -> Bool {
        libssh2_channel_free(raw) != LIBSSH2_ERROR_EAGAIN
    }
}
