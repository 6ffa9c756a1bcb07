import ArgumentParser
import CLISupport
import Gateway

/// A Gateway error as the CLI reports it: a line the user can act on, and the exit status that
/// says what kind of failure it was.
enum GatewayFailure {
    static func report(_ error: GatewayError) -> ExitCode {
        RunTool.errors.print(error.description)
        switch error {
        case .blocked: return .blocked
        case .confirmationUnavailable, .confirmationDeclined, .confirmationCancelled, .confirmationPending:
            return .needsConfirmation
        // Too long for any transport: the command is at fault, not the host, so not 255.
        case .transport(_, .commandTooLong, _): return .usage
        // Nothing ran, the host answered slowly: the timeout's status, not "unreachable".
        case .transport(_, .notRunTimedOut, _): return .timedOut
        case .transport, .cancelled, .internalError: return .transportFailure
        case .configuration, .reservedEnvelope, .approvalKeyUnavailable: return .usage
        }
    }
}
