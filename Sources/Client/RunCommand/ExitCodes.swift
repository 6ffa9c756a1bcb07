import ArgumentParser

/// Exit statuses with a meaning of their own. The policy codes match `check`'s documented contract.
extension ExitCode {
    static let needsConfirmation = ExitCode(10)
    static let blocked = ExitCode(11)
    static let usage = ExitCode(2)
    /// As OpenSSH's client does for connection failures.
    static let transportFailure = ExitCode(255)
}
