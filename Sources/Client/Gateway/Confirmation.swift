import AgentContracts
import AgentPolicy
import HostConfiguration

/// What a human is asked to approve: the exact command, on the exact host, and why it needs approval.
public struct ConfirmationRequest: Sendable {
    public let host: String
    /// Where the alias points at the moment of asking, `user@hostname:port`: an answer is about
    /// this machine, not about whatever the alias may point to later.
    public let destination: String
    public let command: String
    public let verdict: Verdict
    /// The host's setting for clients that cannot ask a human (nil: the default, `flag`).
    public let setting: ConfirmationSetting?

    /// One line per reason, for prompts: "rm.any: rm deletes files".
    public var reasonLines: [String] {
        verdict.concerns.map(\.line)
    }
}

/// How a confirmation ended. Decline and cancel are kept apart because they mean different things
/// to a model: the human said no, or the human walked away.
public enum ConfirmationAnswer: Sendable, Equatable {
    /// Approved; `by` says how, for the record ("elicitation", "--confirm", "confirm flag").
    case approved(by: String)
    case declined
    case cancelled
    /// Nobody could be asked; `reason` says what the caller can do instead.
    case unavailable(reason: String)
    /// The question goes back to the caller, who asks the human and comes back with the answer in
    /// a new request (MCP 2026-07-28's multi round-trip requests). Nothing runs now.
    case pending
}

/// Asks whoever may approve a `needs_confirmation` command. The MCP server asks through the client
/// (elicitation) or applies the host's setting; the CLI uses `--confirm`.
public protocol Confirmer: Sendable {
    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer
}

/// The shell CLI's rule: `--confirm` on the command line is the human's approval.
public struct CommandLineFlagConfirmer: Confirmer {
    public let confirmed: Bool

    public init(confirmed: Bool) {
        self.confirmed = confirmed
    }

    public func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        confirmed
            ? .approved(by: "--confirm")
            : .unavailable(reason: "rerun with --confirm once a human has approved this exact command")
    }
}
