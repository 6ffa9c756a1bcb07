import AgentPolicy

/// A policy verdict as `check_command` and `run_command` report it.
struct VerdictOutput: StructuredOutput {
    struct Reason {
        let rule: String
        let message: String
        let decision: String

        var structured: ToolValue {
            ["rule": .string(rule), "message": .string(message), "decision": .string(decision)]
        }
    }

    let decision: String
    let reasons: [Reason]

    init(_ verdict: Verdict) {
        decision = verdict.decision.rawValue
        reasons = verdict.reasons.map { .init(rule: $0.rule, message: $0.message, decision: $0.decision.rawValue) }
    }

    var structured: ToolValue {
        ["decision": .string(decision), "reasons": .array(reasons.map(\.structured))]
    }
}
