/// How `run_command` may reach the human on one call.
enum ApprovalRoute: Sendable {
    /// The client declared no way to ask: the host's `confirmation` setting (flag or deny) decides.
    case none
    /// Ask mid-call with `elicitation/create` (2025-06-18 to 2025-11-25).
    case elicitation
    /// Answer `input_required` and read the human's answer from the retried call (2026-07-28).
    case roundTrip(RoundTripAnswer?)
}
