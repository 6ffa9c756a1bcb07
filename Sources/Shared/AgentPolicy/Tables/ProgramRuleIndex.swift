import Synchronization

/// Which rules look at which program: the rules' program lists turned around. Like
/// `LazyNameIndex`, the first few lookups scan the lists (the enforcer judges one command per
/// process, and turning all ~770 names around cost it a fifth of its run); after that the
/// index is built once, as positions into one flat array.
final class ProgramRuleIndex: Sendable {
    private struct Index {
        let programs: NameIndex
        let names: [String]
        /// The rules of `names[p]` are `rules[starts[p]..<starts[p + 1]]`, in rule order.
        let starts: [Int32]
        let rules: [Int32]
    }
    private struct State {
        var scans = 0
        var index: Index?
    }

    private let programsOfRule: [[String]]
    private let state = Mutex(State())

    /// `programsOfRule[r]` are the programs rule `r` looks at (a name written twice counts once).
    init(programsOfRule: [[String]]) { self.programsOfRule = programsOfRule }

    /// Positions (in the list given to `init`) of the rules that look at `program`.
    func rules(for program: String) -> [Int32] {
        let indexed: [Int32]? = state.withLock { state in
            if state.index == nil {
                state.scans += 1
                if state.scans <= LazyNameIndex.scansBeforeIndexing { return nil }
                state.index = Self.build(programsOfRule)
            }
            guard let index = state.index, let position = index.programs.position(of: program, in: index.names) else {
                return []
            }
            return Array(index.rules[Int(index.starts[position])..<Int(index.starts[position + 1])])
        }
        if let indexed { return indexed }
        var found: [Int32] = []
        for (rule, names) in programsOfRule.enumerated() where names.contains(program) { found.append(Int32(rule)) }
        return found
    }

    private static func build(_ programsOfRule: [[String]]) -> Index {
        // Each program once, in order of first mention, with its rules' positions.
        var names: [String] = []
        var rulesOf: [[Int32]] = []
        var firstMention = NameSet()
        for (rule, programs) in programsOfRule.enumerated() {
            for name in programs {
                if let position = firstMention.position(of: name) {
                    if rulesOf[position].last != Int32(rule) { rulesOf[position].append(Int32(rule)) }
                } else {
                    firstMention.append(name)
                    names.append(name)
                    rulesOf.append([Int32(rule)])
                }
            }
        }
        var starts: [Int32] = [0]
        starts.reserveCapacity(names.count + 1)
        var rules: [Int32] = []
        for list in rulesOf {
            rules += list
            starts.append(Int32(rules.count))
        }
        return Index(programs: NameIndex(names), names: names, starts: starts, rules: rules)
    }
}
