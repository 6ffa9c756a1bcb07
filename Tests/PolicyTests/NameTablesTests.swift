// The policy's own tables (NameSet, NameTable, ProgramRuleIndex) against the standard
// library's on the same data. Each lookup is asked more often than `LazyNameIndex` scans
// before it builds its index, so both ways of answering are checked against each other.
import XCTest

@testable import AgentPolicy

final class NameTablesTests: XCTestCase {
    private let rounds = LazyNameIndex.scansBeforeIndexing + 3

    func testNameSetAgreesWithSetOnManyNamesAndNearMisses() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz-_.0123456789é")
        var names: [String] = []
        for _ in 0..<3000 {
            let length = Int.random(in: 0...14, using: &generator)
            names.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        let expected = Set(names)
        let set = NameSet(names)
        for _ in 0..<rounds {
            for name in names.prefix(200) { XCTAssertTrue(set.contains(name), name) }
        }
        for name in names { XCTAssertTrue(set.contains(name), name) }
        for name in names {
            for probe in [name + "x", "-" + name, String(name.dropLast()), name.uppercased()] {
                XCTAssertEqual(set.contains(probe), expected.contains(probe), probe)
            }
        }
        XCTAssertEqual(set.count, expected.count)
        XCTAssertEqual(Set(set.names), expected)
    }

    func testAppendsAfterTheIndexIsBuiltAreFoundAndCopiesStayApart() {
        var set = NameSet((0..<50).map { "name\($0)" })
        for _ in 0..<rounds { XCTAssertTrue(set.contains("name7")) }
        let copy = set
        for number in 50..<400 { set.append("name\(number)") }
        for _ in 0..<rounds {
            XCTAssertTrue(set.contains("name399"))
            XCTAssertTrue(set.contains("name0"))
            XCTAssertFalse(copy.contains("name399"))
            XCTAssertTrue(copy.contains("name49"))
            XCTAssertFalse(set.contains("name400"))
        }
    }

    func testASmallSetGrownPastTheScanLimitFindsEveryName() {
        var set = NameSet()
        for number in 0..<30 { set.insert("n\(number)") }
        for _ in 0..<rounds {
            for number in 0..<30 { XCTAssertTrue(set.contains("n\(number)")) }
            XCTAssertFalse(set.contains("n30"))
        }
        XCTAssertEqual(set.count, 30)
    }

    func testNameSetOperations() {
        var set: NameSet = ["docker", "podman", "docker", "kubectl"]
        XCTAssertEqual(set.names, ["podman", "docker", "kubectl"])
        XCTAssertEqual(set.count, 3)
        XCTAssertEqual(set.insert("oc").inserted, true)
        XCTAssertEqual(set.insert("podman").inserted, false)
        XCTAssertEqual(set.subtracting(["podman", "nothing"]).names, ["docker", "kubectl", "oc"])
        XCTAssertTrue(set.isDisjoint(with: ["helm", ""]))
        XCTAssertFalse(set.isDisjoint(with: ["helm", "oc"]))
        XCTAssertFalse(NameSet().contains(""))
        XCTAssertTrue(set.union(["helm"]).contains("helm"))
        XCTAssertFalse(set.contains("helm"))
    }

    func testNameTableLastValueWins() {
        var table: NameTable<[Int]> = ["a": [1], "b": [2]]
        for number in 0..<40 { table["k\(number)"] = [number] }
        table["a"] = [3]
        for _ in 0..<rounds {
            XCTAssertEqual(table["a"], [3])
            XCTAssertEqual(table["b"], [2])
            XCTAssertEqual(table["k39"], [39])
            XCTAssertNil(table["d"])
        }
        table["k39"] = [0]
        XCTAssertEqual(table["k39"], [0])
        XCTAssertEqual(table.count, 42)
        XCTAssertEqual(table.first { $0.0 == "a" }?.1, [3])
        XCTAssertEqual(table.map(\.0).count, 42)
    }

    func testProgramRuleIndexListsEachRuleOnceInRuleOrder() {
        let index = ProgramRuleIndex(programsOfRule: [["rm", "git", "rm"], [], ["git"], ["rm", "dd"], ["git", "git"]])
        for _ in 0..<rounds {
            XCTAssertEqual(index.rules(for: "rm"), [0, 3])
            XCTAssertEqual(index.rules(for: "git"), [0, 2, 4])
            XCTAssertEqual(index.rules(for: "dd"), [3])
            XCTAssertEqual(index.rules(for: "ls"), [])
        }
    }

    /// The shipped rule book through its index is the same as scanning every rule's list.
    func testRuleBookIndexMatchesAScanOfEveryRule() {
        var programs = Set<String>()
        for rule in RuleBook.all { programs.formUnion(rule.programs) }
        XCTAssertGreaterThan(programs.count, 300)
        for _ in 0..<2 {
            for program in programs.union(["true", "not-a-program"]) {
                let scanned = RuleBook.all.indices.filter { RuleBook.all[$0].programs.contains(program) }.map { Int32($0) }
                XCTAssertEqual(RuleBook.byProgram.rules(for: program), scanned, program)
            }
        }
    }
}
