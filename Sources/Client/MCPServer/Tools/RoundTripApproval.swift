import Gateway

/// The human's answer carried by a retried `tools/call` (MCP 2026-07-28 `inputResponses`), with the
/// `requestState` ticket it came back with.
struct RoundTripAnswer: Sendable {
    enum Action: String, Sendable {
        case accept, decline, cancel
    }

    let ticket: String
    let action: Action
}

/// Asks the human the 2026-07-28 way: the first call comes back `input_required` with the
/// question, and the client retries the same call with the human's answer. Only an answer whose
/// ticket was issued for this exact host and command counts; anything else asks again.
struct RoundTripApproval: Confirmer {
    /// The key of our one question in `inputRequests` and `inputResponses`.
    static let questionKey = "approve_command"

    let answer: RoundTripAnswer?
    let ledger: ApprovalLedger

    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        guard let answer, ledger.redeem(answer.ticket, for: request) else {
            return .pending
        }
        switch answer.action {
        case .accept: return .approved(by: "elicitation")
        case .decline: return .declined
        case .cancel: return .cancelled
        }
    }
}
