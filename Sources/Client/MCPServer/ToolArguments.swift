import MCP

/// Typed access to a `tools/call`'s arguments. A missing, unknown or mistyped argument is the
/// caller's protocol mistake, so it becomes a JSON-RPC "invalid params" error that names the
/// argument, not a tool result.
struct ToolArguments {
    let tool: String
    private let values: [String: Value]

    /// Rejects arguments the tool does not declare (its schema says `additionalProperties: false`).
    init(tool: String, values: [String: Value]?, allowed: Set<String>) throws(MCPError) {
        self.tool = tool
        self.values = values ?? [:]
        let unknown = self.values.keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw .invalidParams(
                "\(tool) does not take \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); "
                    + "its arguments are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func requiredString(_ name: String) throws(MCPError) -> String {
        guard let value = try optionalString(name) else {
            throw .invalidParams("\(tool) needs the string argument \"\(name)\"")
        }
        return value
    }

    func optionalString(_ name: String) throws(MCPError) -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        // The SDK decodes strings that look like `data:` URLs into `.data`; give back the text.
        case .data(let mimeType, let data)?: return Value.data(mimeType: mimeType, data).description
        case let other?: throw mismatch(name, expected: "a string", got: other)
        }
    }

    func optionalBool(_ name: String) throws(MCPError) -> Bool? {
        switch values[name] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw mismatch(name, expected: "true or false", got: other)
        }
    }

    /// A positive number (integers and decimals both accepted).
    func optionalPositiveNumber(_ name: String) throws(MCPError) -> Double? {
        let number: Double
        switch values[name] {
        case nil, .null?: return nil
        case .int(let value)?: number = Double(value)
        case .double(let value)?: number = value
        case let other?: throw mismatch(name, expected: "a number", got: other)
        }
        guard number > 0, number.isFinite else {
            throw .invalidParams("\(tool): \"\(name)\" must be a positive number (got \(number))")
        }
        return number
    }

    func optionalPositiveInteger(_ name: String) throws(MCPError) -> Int? {
        switch values[name] {
        case nil, .null?: return nil
        case .int(let value)? where value > 0: return value
        case .double(let value)? where value > 0 && value.rounded() == value && value < 1e15: return Int(value)
        case let other?: throw mismatch(name, expected: "a positive whole number", got: other)
        }
    }

    private func mismatch(_ name: String, expected: String, got value: Value) -> MCPError {
        .invalidParams("\(tool): \"\(name)\" must be \(expected), got \(value)")
    }
}
