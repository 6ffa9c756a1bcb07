import Synchronization

/// When to build a `NameIndex`, shared by the copies of one table. The enforcer is a new
/// process for every command and looks a table up a handful of times, so building every index
/// up front (about 4,000 names) cost more than the rest of its run; a long-lived client looks
/// the same tables up thousands of times. So: the first few lookups scan the list (about 25
/// instructions a name), and the next one builds the index, which all later lookups use.
final class LazyNameIndex: Sendable {
    /// Scans before the index is built: a scan costs roughly a third of a build.
    static let scansBeforeIndexing = 3
    /// Lists this short are always scanned (`NameSet` does not even allocate a lookup for them).
    static let alwaysScanned = 8

    private struct State {
        var scans = 0
        var index: NameIndex?
    }
    private let state = Mutex(State())

    init() {}

    /// The last position of `name` in `names` (the list this lookup belongs to).
    func position(of name: String, in names: [String]) -> Int? {
        let indexed: Int?? = state.withLock { state in
            if state.index == nil {
                state.scans += 1
                if state.scans <= Self.scansBeforeIndexing { return .none }
                state.index = NameIndex(names)
            }
            return .some(state.index?.position(of: name, in: names))
        }
        return indexed ?? Self.scan(name, names)
    }

    /// `names[position]` was just appended; called only on a lookup no other copy shares.
    func added(_ name: String, at position: Int, in names: [String]) {
        state.withLock { state in state.index?.add(name, at: position, in: names) }
    }

    private static func scan(_ name: String, _ names: [String]) -> Int? {
        names.lastIndex(of: name)
    }
}
