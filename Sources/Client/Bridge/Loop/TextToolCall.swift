import AgentTools

/// A tool call written into the reply's text instead of made through function calling: JSON such
/// as `{"name": "run_command", "arguments": {…}}` (bare, fenced, or in `<tool_call>` tags) or a
/// Python-style `run_command(host=…)`. Small models do this when their chat template fails them.
/// Nothing written this way runs; the model is told to make the call properly.
enum TextToolCall {
    /// The tool the text tries to call, if it does.
    static func toolName(in text: String, tools: [String]) -> String? {
        let known = Set(tools)
        for object in jsonObjects(in: text) {
            let name =
                object["name"]?.stringValue ?? object["function"]?["name"]?.stringValue
                ?? object["function"]?.stringValue ?? object["tool"]?.stringValue
            if let name, known.contains(name) { return name }
        }
        for name in tools where text.contains(name + "(") || text.contains("<function=\(name)>") {
            return name
        }
        return nil
    }

    /// Every balanced `{…}` in the text that parses as a JSON object, outermost first.
    static func jsonObjects(in text: String) -> [ToolValue] {
        let characters = Array(text.unicodeScalars)
        var found: [ToolValue] = []
        var start = 0
        while start < characters.count {
            guard characters[start] == "{", let end = matchingBrace(characters, from: start) else {
                start += 1
                continue
            }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: characters[start...end])
            if let value = try? ToolValue(jsonText: String(piece)), value.objectValue != nil {
                found.append(value)
                start = end + 1
            } else {
                start += 1
            }
        }
        return found
    }

    private static func matchingBrace(_ characters: [Unicode.Scalar], from start: Int) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for index in start..<characters.count {
            let character = characters[index]
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                continue
            }
            switch character {
            case "\"": inString = true
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }
}
