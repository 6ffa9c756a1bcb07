import AgentTools
import Foundation

/// The message in an error body: Ollama's `{"error": "…"}`, OpenAI's `{"error": {"message": …}}`,
/// or the body itself when it is not JSON (proxies, plain-text servers).
enum ServerErrorBody {
    static func message(in body: String) -> String {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = try? ToolValue(jsonText: trimmed) else { return String(trimmed.prefix(500)) }
        if let text = value["error"]?.stringValue { return text }
        if let text = value["error"]?["message"]?.stringValue { return text }
        if let text = value["message"]?.stringValue { return text }
        return String(trimmed.prefix(500))
    }

    /// Sorts a failed status into the cases the user can act on.
    static func error(status: Int, body: String, model: String) -> ModelServerError {
        let message = message(in: body)
        let lowered = message.lowercased()
        if lowered.contains("does not support tools") || lowered.contains("tool use is not supported")
            || lowered.contains("tools are not supported") || lowered.contains("does not support function")
        {
            return .noToolSupport(model: model, message: message)
        }
        if status == 404 && lowered.contains("not found") && lowered.contains("model") {
            return .modelNotFound(model: model, message: message)
        }
        return .httpStatus(code: status, message: message)
    }
}
