import ArgumentParser

/// Exit statuses with a meaning of their own, the same in every ssh-for-agents tool: scripts and
/// agents branch on them, and the README's table lists them.
extension ExitCode {
    /// A usage or configuration error. The README and `--help` promise 2; argument-parser's own
    /// choice for usage errors is 64 (EX_USAGE), which `ToolMain` translates.
    public static let usage = ExitCode(2)
    /// The policy wants a human's confirmation first (`check`'s documented contract).
    public static let needsConfirmation = ExitCode(10)
    /// The policy blocks the command (`check`'s documented contract).
    public static let blocked = ExitCode(11)
    /// The server's enforcer refused the command: it did not run there (its policy, a missing or
    /// bad approval, or a broken enforcer configuration that fails closed).
    public static let refusedByServer = ExitCode(12)
    /// The command ran out of time and was ended, as timeout(1) reports it.
    public static let timedOut = ExitCode(124)
    /// The host could not be reached, as OpenSSH's client reports connection failures.
    public static let transportFailure = ExitCode(255)

    /// A command that died of signal `number`, as shells report it.
    public static func killedBySignal(_ number: Int32) -> ExitCode {
        ExitCode(128 + number)
    }
}
