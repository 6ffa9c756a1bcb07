import Gateway

/// A way to put a confirmation in front of the human, whatever the wire form: a mid-call
/// `elicitation/create` for 2025-11-25 clients (`ElicitationApproval`), or for 2026-07-28 clients
/// an `input_required` result whose answer comes back in the retried call (`RoundTripApproval`).
/// `ToolCallConfirmer`'s rules are the same for both.
protocol HumanApprovalChannel: Sendable {
    func ask(_ request: ConfirmationRequest) async -> ConfirmationAnswer
}

/// Who may approve a `needs_confirmation` command on one `run_command` call (ARCHITECTURE.md,
/// "Confirmation: a model must not approve its own command"):
/// - a client that can ask its human does so, and the model's `confirm` argument is ignored;
/// - otherwise the host's `confirmation` setting decides: `flag` (the default) lets `confirm: true`
///   run it, `deny` refuses.
struct ToolCallConfirmer: Confirmer {
    /// nil when the client declared no way to ask a human.
    let human: HumanApprovalChannel?
    /// The model's `confirm` argument.
    let modelConfirmed: Bool

    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        if let human {
            return await human.ask(request)
        }
        switch request.setting ?? .flag {
        case .flag:
            if modelConfirmed { return .approved(by: "confirm flag") }
            return .unavailable(
                reason: "this client cannot ask the human itself. Show the user the exact command and "
                    + "these reasons; only if they explicitly approve it, call run_command again with the "
                    + "same host and command and confirm: true")
        case .deny:
            return .unavailable(
                reason: "host \(request.host) is configured with confirmation \"deny\", so such commands run "
                    + "only from a client that can ask the human (MCP elicitation) or from the shell with "
                    + "`ssh-for-agents-run \(request.host) '<command>' --confirm`; ask the user to run it "
                    + "themselves. confirm: true does not change this")
        }
    }
}
