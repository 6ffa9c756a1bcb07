// The policy's byte-level text helpers (Text/) against plain reference versions on the same inputs.
import XCTest

@testable import AgentPolicy

final class PolicyTextTests: XCTestCase {
    private func randomPaths(_ count: Int) -> [String] {
        let pieces = ["/", "/", "a", "etc", ".", "..", "...", ".ssh", "é", "x.y", "//"]
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    func testPathHelpersAgreeWithTheSplitVersions() {
        for path in randomPaths(4000) + ["/", "", "///", "/etc", "/etc/", "a/b/", "/a/./b", "/a/../b", "/...", "/a/.."] {
            let split = path.split(separator: "/", omittingEmptySubsequences: true)
            XCTAssertEqual(String(path.lastPathComponent), split.last.map(String.init) ?? path, path)
            var parts: [Substring] = []
            for component in split where component != "." {
                if component == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(component) }
            }
            let normal = path.hasPrefix("/") ? "/" + parts.joined(separator: "/") : nil
            XCTAssertEqual(path.isNormalAbsolutePath, normal == path, path)
            XCTAssertEqual(PathFacts.normalise(path), "/" + parts.joined(separator: "/"), path)
            for directory in ["/etc", "/usr", "/a", "/.ssh"] {
                XCTAssertEqual(
                    path.isSelfOrInside(directory), path == directory || path.hasPrefix(directory + "/"),
                    "\(path) in \(directory)")
            }
        }
    }

    func testAgreesWithFoundationOnASCIIAndMultibyteText() {
        let pieces = ["a", "b", "/", ".ssh", "é", "ü", "/.ssh/", "id_", "x", "日本"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement()! }.joined()
            let needle = (0..<Int.random(in: 1...3, using: &generator)).map { _ in pieces.randomElement()! }.joined()
            let expected =
                text.utf8.count >= needle.utf8.count
                && (0...(text.utf8.count - needle.utf8.count)).contains {
                    Array(text.utf8).dropFirst($0).starts(with: Array(needle.utf8))
                }
            XCTAssertEqual(text.containsText(needle), expected, "\(text) / \(needle)")
            XCTAssertEqual(text.dropFirst().containsText(needle), String(text.dropFirst()).containsText(needle))
        }
    }

    func testEdges() {
        XCTAssertTrue("anything".containsText(""))
        XCTAssertFalse("".containsText("a"))
        XCTAssertTrue("/home/u/.ssh/id_rsa".containsText("/.ssh/"))
        XCTAssertFalse("/home/u/.sshx/id".containsText("/.ssh/"))
        XCTAssertTrue("ab".containsText("ab"))
        XCTAssertFalse("ab".containsText("abc"))
    }
}
