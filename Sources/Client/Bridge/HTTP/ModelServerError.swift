/// What went wrong talking to the model server, each case worded so the user knows what to do.
/// Server messages are kept (with the API key taken out, see `SecretRedaction`).
public enum ModelServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing answered at the URL (refused, unresolvable, timed out).
    case unreachable(url: String, api: ModelAPI, detail: String)
    /// The server does not have the model (Ollama: 404 "model … not found, try pulling it first").
    case modelNotFound(model: String, message: String)
    /// The model exists but the server will not give it tools ("… does not support tools").
    case noToolSupport(model: String, message: String)
    case httpStatus(code: Int, message: String)
    /// The stream reported an error part-way, or ended without a complete reply.
    case streamFailed(String)
    /// A line of the stream that is not the documented format.
    case malformed(String)

    public var description: String {
        switch self {
        case .unreachable(let url, let api, let detail):
            let start =
                api == .ollama
                ? "Start Ollama with `ollama serve` (or `systemctl start ollama`)"
                : "Start the server (for example `llama-server -m MODEL.gguf --jinja --port 8080`)"
            return "cannot reach the model server at \(url) (\(detail)). \(start), or point --url at a running one."
        case .modelNotFound(let model, let message):
            return "the server has no model \"\(model)\" (\(message)). Download it with `ollama pull \(model)`, "
                + "or pick one it has (`ollama list`) with --model."
        case .noToolSupport(let model, let message):
            return "model \"\(model)\" does not do tool calling (\(message)). Pick one that does, for example "
                + "qwen3-coder, qwen2.5, llama3.1, llama3.2 or mistral-nemo (see README, \"Local models\")."
        case .httpStatus(let code, let message):
            return "the model server answered HTTP \(code): \(message.isEmpty ? "(no message)" : message)"
        case .streamFailed(let message):
            return "the model server failed during the reply: \(message)"
        case .malformed(let message):
            return "the model server's reply is not in the expected format: \(message)"
        }
    }
}
