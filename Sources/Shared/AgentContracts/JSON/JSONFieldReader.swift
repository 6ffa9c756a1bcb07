/// A field that is missing, of the wrong type or out of range. `field` is the full name the user
/// wrote ("policy.mode"), so the message points at the exact place to fix.
public struct JSONFieldError: Error, Sendable, Equatable {
    public let field: String
    public let problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
}

/// Typed access to the fields of one JSON object. Absent and `null` fields read as nil; a
/// present field of the wrong type is an error naming it.
public struct JSONFieldReader: Sendable {
    public let object: JSONValue
    /// Put in front of every field name in errors ("policy.").
    public let prefix: String

    public init(_ object: JSONValue, prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    /// The keys the object has (empty when it is not an object).
    public var keys: [String] {
        if case .object(let members) = object { return members.keys.sorted() }
        return []
    }

    public func error(_ key: String, _ problem: String) -> JSONFieldError {
        JSONFieldError(field: prefix + key, problem: problem)
    }

    private func mismatch(_ key: String, expected: String, got value: JSONValue) -> JSONFieldError {
        error(key, "expected \(expected), got \(value.typeName)")
    }

    public func string(_ key: String) throws(JSONFieldError) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, expected: "a string", got: value) }
        return text
    }

    public func bool(_ key: String) throws(JSONFieldError) -> Bool? {
        guard let value = object[key], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw mismatch(key, expected: "true or false", got: value) }
        return flag
    }

    public func number(_ key: String) throws(JSONFieldError) -> Double? {
        guard let value = object[key], value != .null else { return nil }
        guard case .number(let number) = value else { throw mismatch(key, expected: "a number", got: value) }
        // The strict parser reads 1e400 as infinity (JSONDecoder refused it); no setting means that.
        guard number.isFinite else { throw error(key, "expected a finite number, got \(number)") }
        return number
    }

    public func integer(_ key: String) throws(JSONFieldError) -> Int? {
        guard let number = try number(key) else { return nil }
        guard number.rounded() == number, abs(number) < 1e12 else {
            throw error(key, "expected a whole number, got \(number)")
        }
        return Int(number)
    }

    public func stringArray(_ key: String) throws(JSONFieldError) -> [String]? {
        guard let value = object[key], value != .null else { return nil }
        guard case .array(let items) = value else { throw mismatch(key, expected: "an array of strings", got: value) }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw mismatch(key, expected: "an array of strings", got: item) }
            result.append(text)
        }
        return result
    }
}
