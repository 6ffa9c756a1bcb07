/// A JSON document that keeps what a rewrite must not lose: the order of an object's keys and
/// each number exactly as written (`60`, `2.5`, `1e3`). `JSONValue` (a dictionary per object) is
/// for reading; this is for editing a file a human also edits.
public enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The literal as it appears in the file, already checked against JSON's number grammar.
    case number(String)
    case string(String)
    case array([OrderedJSON])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: OrderedJSON

        public init(_ key: String, _ value: OrderedJSON) {
            self.key = key
            self.value = value
        }
    }

    public static func integer(_ value: Int) -> OrderedJSON { .number(String(value)) }

    /// A finite double as JSON writes it: whole values without a fraction (`12`, not `12.0`),
    /// others in Swift's shortest round-tripping form. Not finite: `null` (JSON has no NaN).
    public static func decimal(_ value: Double) -> OrderedJSON {
        guard value.isFinite else { return .null }
        if value.rounded() == value, abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(value.description)
    }

    /// An object of the members that have a value, keys sorted: what `JSONEncoder` with
    /// `.sortedKeys` writes for a struct whose absent optionals are left out.
    public static func sortedObject(_ members: [(String, OrderedJSON?)]) -> OrderedJSON {
        .object(
            members.compactMap { key, value in value.map { Member(key, $0) } }.sorted { $0.key < $1.key })
    }

    public subscript(key: String) -> OrderedJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Sets `key` in an object: in place when it exists (its position kept), else appended.
    /// A no-op on anything but an object.
    public mutating func set(_ key: String, _ value: OrderedJSON) {
        guard case .object(var members) = self else { return }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(Member(key, value))
        }
        self = .object(members)
    }

    /// Removes `key` from an object; returns whether it was there.
    @discardableResult
    public mutating func remove(_ key: String) -> Bool {
        guard case .object(var members) = self, let index = members.firstIndex(where: { $0.key == key }) else { return false }
        members.remove(at: index)
        self = .object(members)
        return true
    }

    public var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.key)
    }

    /// The same document for the validating reader (which does not care about order).
    public var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let literal): .number(Double(literal) ?? .nan)
        case .string(let value): .string(value)
        case .array(let items): .array(items.map(\.jsonValue))
        case .object(let members):
            .object(Dictionary(members.map { ($0.key, $0.value.jsonValue) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
