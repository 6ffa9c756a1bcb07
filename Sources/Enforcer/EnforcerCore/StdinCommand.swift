import AgentContracts

#if canImport(Glibc)
    import Glibc
#endif

/// The command of a `stdin=N` line: exactly the first N bytes of stdin. Each read asks only for
/// the bytes still missing, so not one byte of what the command itself will read is taken.
enum StdinCommand {
    /// As long as the client sends; commands too long for one argv string reach the shell on a
    /// pipe instead (`Judgement.Launch.script`).
    static let maxBytes = ReservedLine.maxCommandBytes

    static func read(_ count: Int) -> Result<String, Failure> {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { raw in
                Glibc.read(0, raw.baseAddress! + filled, count - filled)
            }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 {
                return .failure(Failure("stdin ended after \(filled) of the \(count) bytes the reserved line announced"))
            }
            filled += got
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(Failure("the command on stdin is not valid UTF-8"))
        }
        return .success(text)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
