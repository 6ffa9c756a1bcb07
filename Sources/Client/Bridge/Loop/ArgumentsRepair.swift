import AgentTools
import Foundation

/// Tool arguments as small models really send them. The documented forms are an object (Ollama)
/// and a JSON string holding one (OpenAI); models also send the string where an object belongs,
/// a string encoded twice, or nothing. Each of those has one clear meaning, so it is read as that
/// object; anything else (a number, a list, text that is not JSON) has none, and the model is told.
enum ArgumentsRepair {
    /// The arguments as an object, or nil when they cannot mean one.
    static func object(_ arguments: ToolValue) -> [String: ToolValue]? {
        switch arguments {
        case .null: return [:]
        case .object(let members): return members
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return [:] }
            guard let decoded = try? ToolValue(jsonText: trimmed) else { return nil }
            // A JSON string inside the JSON string: decode once more, but never loop.
            if case .string(let inner) = decoded, let twice = try? ToolValue(jsonText: inner) {
                return twice.objectValue
            }
            return decoded.objectValue
        default: return nil
        }
    }
}
