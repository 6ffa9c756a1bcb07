import AgentContracts

#if canImport(Glibc)
    import Glibc
#endif

/// Unbuffered writes to stdout and stderr: the enforcer may replace itself or exit right after,
/// and a buffered `print` could be lost or land after the command's own output.
public enum StandardStreams {
    public static func out(_ text: String) { write(1, text) }
    public static func err(_ text: String) { write(2, text) }

    static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// A refusal as the client reads it: a sentence for a human, then the machine-readable line last.
    public static func refusal(_ refusal: EnforcerRefusal) {
        let because = refusal.reasons.map(\.line).joined(separator: "; ")
        var sentence =
            "ssh-for-agents-enforcer: not run (\(refusal.decision.rawValue)"
            + (refusal.mode.map { ", mode \($0.rawValue)" } ?? "") + "): \(because)"
        if let hint = refusal.hint { sentence += ". \(hint)" }
        err(sentence + "\n" + refusal.line + "\n")
    }
}
