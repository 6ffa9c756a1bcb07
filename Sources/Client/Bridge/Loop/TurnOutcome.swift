import AgentTools

/// How one task (a prompt and all the steps it took) ended.
public enum TurnOutcome: Sendable, Equatable {
    /// The model answered without asking for more tools: its last text.
    case finished(String)
    /// `--max-steps` model requests were made and the model still wanted tools.
    case stepLimit(Int)
    /// The model server failed (unreachable, no such model, no tool support, HTTP error).
    case failed(ModelServerError)
    /// The human interrupted (Ctrl-C); a running remote command was ended.
    case cancelled

    var code: String {
        switch self {
        case .finished: "finished"
        case .stepLimit: "step_limit"
        case .failed: "error"
        case .cancelled: "cancelled"
        }
    }

    /// Why it did not finish, for the human and the transcript.
    public var reason: String? {
        switch self {
        case .finished: nil
        case .stepLimit(let steps): "stopped after \(steps) steps (--max-steps) with the model still calling tools"
        case .failed(let error): error.description
        case .cancelled: "interrupted"
        }
    }
}

/// What went back to the model for one tool call.
struct ToolAnswer: Sendable {
    var content: String
    var isError: Bool
    var structured: ToolValue?
    /// The bridge answered without running the tool (bad call, repeat, step limit).
    var refusedByBridge: Bool

    static func refusal(_ message: String) -> ToolAnswer {
        ToolAnswer(content: "error: " + message, isError: true, structured: nil, refusedByBridge: true)
    }
}
