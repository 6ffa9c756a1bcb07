/// A set of names (programs, options, verbs) for the policy's tables: a plain list, looked up
/// by scanning at first and through a hash index once it is used often (`LazyNameIndex`).
/// Why not `Set<String>`: building it hashes every name at once, and the enforcer (a new
/// process per command) paid for all its tables on every command. Building a `NameSet` is
/// appending to an array; a literal is not even copied.
struct NameSet: Sendable, ExpressibleByArrayLiteral, Sequence {
    /// The names as added; a name added twice is here twice (finding out would cost a lookup
    /// per insert). Iterating the set walks this list.
    private(set) var written: [String]
    /// None for lists short enough to be always scanned (most option lists): no allocation.
    private var lookup: LazyNameIndex?

    init() { written = [] }

    init(arrayLiteral names: String...) { self.init(names) }

    init(_ names: [String]) {
        written = names
        lookup = names.count > LazyNameIndex.alwaysScanned ? LazyNameIndex() : nil
    }

    init<Names: Sequence>(_ names: Names) where Names.Element == String { self.init(Array(names)) }

    func makeIterator() -> IndexingIterator<[String]> { written.makeIterator() }

    var isEmpty: Bool { written.isEmpty }

    /// Every name once, in the order of each one's last insertion.
    var names: [String] {
        written.indices.filter { position(of: written[$0]) == $0 }.map { written[$0] }
    }

    var count: Int { names.count }

    func contains(_ name: String) -> Bool { position(of: name) != nil }

    /// The last position of `name` in `written`.
    func position(of name: String) -> Int? {
        guard let lookup else { return written.lastIndex(of: name) }
        return lookup.position(of: name, in: written)
    }

    /// Adds `name` without asking whether it is in already (table construction).
    mutating func append(_ name: String) {
        written.append(name)
        if lookup == nil {
            if written.count > LazyNameIndex.alwaysScanned { lookup = LazyNameIndex() }
        } else if isKnownUniquelyReferenced(&lookup) {
            lookup?.added(name, at: written.count - 1, in: written)
        } else {
            // A copy shares the old index; this one starts a new one.
            lookup = LazyNameIndex()
        }
    }

    @discardableResult
    mutating func insert(_ name: String) -> (inserted: Bool, memberAfterInsert: String) {
        if contains(name) { return (false, name) }
        append(name)
        return (true, name)
    }

    mutating func formUnion<Names: Sequence>(_ other: Names) where Names.Element == String {
        for name in other { append(name) }
    }

    func union<Names: Sequence>(_ other: Names) -> NameSet where Names.Element == String {
        var result = NameSet(written)
        result.formUnion(other)
        return result
    }

    func subtracting<Names: Sequence>(_ other: Names) -> NameSet where Names.Element == String {
        let removed = NameSet(Array(other))
        return NameSet(written.filter { !removed.contains($0) })
    }

    func isDisjoint<Names: Sequence>(with other: Names) -> Bool where Names.Element == String {
        !other.contains { contains($0) }
    }
}
