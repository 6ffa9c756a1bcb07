// `containsText` (byte search) against the standard library's search on the same inputs.
import XCTest

@testable import AgentPolicy

final class ByteSearchTests: XCTestCase {
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
