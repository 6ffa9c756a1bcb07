/// Typed access to one call's arguments. A missing, unknown or mistyped argument is the caller's
/// mistake, so it throws `InvalidToolCall` naming the argument, rather than producing a result.
public struct ToolArguments: Sendable {
    let tool: String
    private let values: [String: ToolValue]
    private let declared: Set<String>

    /// Refuses arguments the tool does not declare (its input schema is closed).
    init(tool: String, values: [String: ToolValue]?, declared: Set<String>) throws(InvalidToolCall) {
        self.tool = tool
        self.values = values ?? [:]
        self.declared = declared
        let unknown = self.values.keys.filter { !declared.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw InvalidToolCall(
                "\(tool) does not take \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); "
                    + "its arguments are \(declared.sorted().joined(separator: ", "))")
        }
    }

    func requiredString(_ name: String) throws(InvalidToolCall) -> String {
        guard let value = try optionalString(name) else {
            throw InvalidToolCall("\(tool) needs the string argument \"\(name)\"")
        }
        return value
    }

    func optionalString(_ name: String) throws(InvalidToolCall) -> String? {
        switch value(name) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw mismatch(name, expected: "a string", got: other)
        }
    }

    func optionalBool(_ name: String) throws(InvalidToolCall) -> Bool? {
        switch value(name) {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw mismatch(name, expected: "true or false", got: other)
        }
    }

    /// A positive number (integers and decimals both accepted).
    func optionalPositiveNumber(_ name: String) throws(InvalidToolCall) -> Double? {
        let number: Double
        switch value(name) {
        case nil, .null?: return nil
        case .int(let value)?: number = Double(value)
        case .double(let value)?: number = value
        case let other?: throw mismatch(name, expected: "a number", got: other)
        }
        guard number > 0, number.isFinite else {
            throw InvalidToolCall("\(tool): \"\(name)\" must be a positive number (got \(number))")
        }
        return number
    }

    func optionalPositiveInteger(_ name: String) throws(InvalidToolCall) -> Int? {
        switch value(name) {
        case nil, .null?: return nil
        case .int(let value)? where value > 0: return value
        case .double(let value)? where value > 0 && value.rounded() == value && value < 1e15: return Int(value)
        case let other?: throw mismatch(name, expected: "a positive whole number", got: other)
        }
    }

    /// Like `optionalPositiveInteger`, refusing values above `limit` (the schema's `maximum`).
    func optionalPositiveInteger(_ name: String, atMost limit: Int) throws(InvalidToolCall) -> Int? {
        guard let value = try optionalPositiveInteger(name) else { return nil }
        guard value <= limit else {
            throw InvalidToolCall("\(tool): \"\(name)\" must be at most \(limit), got \(value)")
        }
        return value
    }

    /// A handler reading an argument its entry does not declare would never receive it (the
    /// schema is closed); caught in debug builds and by the table's tests.
    private func value(_ name: String) -> ToolValue? {
        assert(declared.contains(name), "\(tool) reads \"\(name)\", which its input does not declare")
        return values[name]
    }

    private func mismatch(_ name: String, expected: String, got value: ToolValue) -> InvalidToolCall {
        InvalidToolCall("\(tool): \"\(name)\" must be \(expected), got \(value)")
    }
}
