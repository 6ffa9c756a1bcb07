import ArgumentParser
import Foundation
import Gateway
import SSHTransport

/// Options every verb shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Path of hosts.json (default: ./hosts.json, $SSH_AGENT_CONFIG, ~/.config/ssh-for-agents/hosts.json).")
    var config: String?

    func gateway() throws -> Gateway {
        do {
            return try Gateway.locating(explicitConfigPath: config) { SSHConnectionPool(warningHandler: $0) }
        } catch {
            throw Failure.report(error)
        }
    }
}

/// Prints an error the user can act on and picks the exit status that says what kind it was.
enum Failure {
    static func report(_ error: GatewayError) -> ExitCode {
        printError(error.description)
        switch error {
        case .blocked: return .blocked
        case .confirmationUnavailable, .confirmationDeclined, .confirmationCancelled, .confirmationPending:
            return .needsConfirmation
        case .transport, .cancelled, .internalError: return .transportFailure
        case .configuration, .reservedEnvelope: return .usage
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("ssh-for-agents-run: \(message)\n".utf8))
    }
}
