import Gateway

/// Who may approve a `needs_confirmation` command on one `run_command` call (ARCHITECTURE.md,
/// "Confirmation: a model must not approve its own command"):
/// - a caller that can ask its human does so (`ToolCallContext.human`), and the model's `confirm`
///   argument is ignored;
/// - otherwise the host's `confirmation` setting decides: `flag` (the default) lets `confirm: true`
///   run it, `deny` refuses.
struct ToolCallConfirmer: Confirmer {
    /// nil when the caller declared no way to ask a human.
    let human: (any Confirmer)?
    /// The model's `confirm` argument.
    let modelConfirmed: Bool

    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        if let human {
            return await human.confirm(request)
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

/// Tells the progress reporter while the call is waiting for a human, so its reports say
/// "waiting for approval" rather than "running".
struct ReportingConfirmer: Confirmer {
    let inner: ToolCallConfirmer
    let reporter: ProgressReporter?

    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        reporter?.setWaitingForApproval(true)
        defer { reporter?.setWaitingForApproval(false) }
        return await inner.confirm(request)
    }
}
