import AgentTools
import Foundation

/// Checks each call a model asks for before it reaches a tool, and words every mistake as an
/// answer the model can correct from: an unknown tool lists the real ones, bad arguments name the
/// tool's arguments, and the same call made again and again is stopped (small models loop).
struct ToolCallScreen {
    /// How often one exact call (tool and arguments) may run in one task before it is refused.
    static let repeatLimit = 2

    enum Decision {
        case run(AgentTool, ToolArguments)
        case refuse(String)
    }

    let table: ToolTable
    /// Calls made in this task, by their canonical text.
    private var counts: [String: Int] = [:]

    init(table: ToolTable) {
        self.table = table
    }

    mutating func screen(_ call: ModelToolCall) -> Decision {
        let tool: AgentTool
        do {
            tool = try table.tool(named: call.name.trimmingCharacters(in: .whitespaces))
        } catch {
            return .refuse("\(error.message). Call one of them by its exact name.")
        }
        guard let values = ArgumentsRepair.object(call.arguments) else {
            return .refuse(
                "the arguments of \(tool.name) must be a JSON object, got \(call.arguments.jsonText.prefix(200)). "
                    + Self.usage(of: tool))
        }
        let arguments: ToolArguments
        do {
            arguments = try tool.arguments(values)
        } catch {
            return .refuse("\(error.message). " + Self.usage(of: tool))
        }
        let signature = tool.name + " " + ToolValue.object(values).jsonText
        let made = counts[signature, default: 0]
        if made >= Self.repeatLimit {
            return .refuse(
                "\(tool.name) was already called \(made) times with exactly these arguments in this task, "
                    + "and the results are above. Do not repeat it: use those results, change the arguments, or answer the user.")
        }
        counts[signature] = made + 1
        return .run(tool, arguments)
    }

    /// "run_command takes host (string, required), command (string, required), …".
    static func usage(of tool: AgentTool) -> String {
        // Required ones first, in the schema's order, then the optional ones by name.
        let required = tool.input.required
        let optional = tool.input.properties.keys.filter { !required.contains($0) }.sorted()
        let listed = (required + optional).map { name in
            let type = tool.input.properties[name]?["type"]?.stringValue ?? "value"
            return "\(name) (\(type)\(required.contains(name) ? ", required" : ""))"
        }
        return "\(tool.name) takes \(listed.isEmpty ? "no arguments" : listed.joined(separator: ", "))."
    }
}
