/// A map from names (programs, verbs) to values for the policy's tables: the keys as a
/// `NameSet` and the values beside them. Setting a key appends; the last value set wins.
/// Why not `Dictionary`: see `NameSet`.
struct NameTable<Value>: ExpressibleByDictionaryLiteral, Sequence {
    private(set) var keys: NameSet
    /// `values[i]` belongs to `keys.written[i]`.
    private var values: [Value]

    init() {
        keys = NameSet()
        values = []
    }

    init(dictionaryLiteral elements: (String, Value)...) {
        var names: [String] = []
        var values: [Value] = []
        names.reserveCapacity(elements.count)
        values.reserveCapacity(elements.count)
        for (name, value) in elements {
            names.append(name)
            values.append(value)
        }
        keys = NameSet(names)
        self.values = values
    }

    /// Keys, each once.
    var count: Int { keys.count }

    subscript(name: String) -> Value? {
        get { keys.position(of: name).map { values[$0] } }
        set {
            // The tables are built once and never shrink.
            guard let newValue else { preconditionFailure("NameTable does not remove keys") }
            keys.append(name)
            values.append(newValue)
        }
    }

    /// Each key once with its last value, in the order of each key's last setting.
    func makeIterator() -> IndexingIterator<[(String, Value)]> {
        let written = keys.written
        return written.indices.filter { keys.position(of: written[$0]) == $0 }.map { (written[$0], values[$0]) }
            .makeIterator()
    }
}

extension NameTable: Sendable where Value: Sendable {}
