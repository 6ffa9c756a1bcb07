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
        case .transport, .cancelled, .internalError: return .transportFailure
        case .configuration, .reservedEnvelope, .approvalKeyUnavailable: return .usage
        }
    }
}
