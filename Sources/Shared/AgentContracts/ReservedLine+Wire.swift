/// What a transport sends for one command. The libssh2 and the OpenSSH transports both build their
/// exec request here, so an enforcer sees the same bytes whichever one carried the command.
extension ReservedLine {
    /// A fresh exec id: 16 hex digits, so no id is a prefix of another and the cancel script's
    /// `pgrep` pattern is exact.
    public static func newExecID() -> String {
        let digits = String(UInt64.random(in: 1...UInt64.max), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The exec request's text for `command` and, for a command past `inlineCommandLimit`, the
    /// bytes that go on stdin. With an `execID` the command gets its exec line (carrying the
    /// approval token, when a human gave one); without one (a reserved-line request, the cancel
    /// helper itself) it is sent exactly as given.
    public static func wireCommand(_ command: String, execID: String?, approval: String?) -> (
        command: String, stdin: [UInt8]?
    ) {
        guard let execID else { return (command, nil) }
        if command.utf8.count > inlineCommandLimit {
            let bytes = Array(command.utf8)
            let line = execFromStdin(id: execID, bytes: bytes.count, approval: approval)
            return (line.prefixing(stdinLoader(bytes: bytes.count)), bytes)
        }
        return (exec(id: execID, approval: approval).prefixing(command), nil)
    }
}
