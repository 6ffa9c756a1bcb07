import Foundation
import XCTest

@testable import LineEditing

final class ChatHistoryTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "sfa-history-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func history(limit: Int = ChatHistory.defaultLimit, secrets: [String] = []) -> (ChatHistory, () -> [String]) {
        nonisolated(unsafe) var warnings: [String] = []
        let history = ChatHistory(
            path: directory + "/state/ssh-for-agents/chat_history", limit: limit,
            screen: SecretScreen(secrets: secrets), warn: { warnings.append($0) })
        return (history, { warnings })
    }

    private func mode(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func testTheDefaultPathFollowsXDGStateHomeThenHome() {
        XCTAssertEqual(
            ChatHistory.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]), "/s/ssh-for-agents/chat_history")
        XCTAssertEqual(
            ChatHistory.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]),
            "/h/.local/state/ssh-for-agents/chat_history", "the XDG spec ignores a relative XDG_STATE_HOME")
        XCTAssertEqual(ChatHistory.defaultPath(environment: ["HOME": "/h"]), "/h/.local/state/ssh-for-agents/chat_history")
        XCTAssertNil(ChatHistory.defaultPath(environment: [:]))
    }

    func testLinesAreAppendedToAPrivateFileAndReadBackInOrder() throws {
        let (history, warnings) = history()
        XCTAssertEqual(history.load(), [])
        XCTAssertTrue(history.add("df -h on web"))
        XCTAssertTrue(history.add("uptime everywhere"))
        XCTAssertFalse(history.add("uptime everywhere"), "an immediate repeat is not kept twice")
        XCTAssertFalse(history.add("   "), "a blank line is not kept")
        XCTAssertEqual(try mode(history.path), 0o600)
        XCTAssertEqual(try mode((history.path as NSString).deletingLastPathComponent), 0o700)
        let (again, _) = self.history()
        XCTAssertEqual(again.load(), ["df -h on web", "uptime everywhere"])
        XCTAssertEqual(warnings(), [])
    }

    func testAFileWithAWiderModeIsNarrowedTo0600() throws {
        let (history, _) = history()
        history.add("first")
        chmod(history.path, 0o644)
        _ = self.history().0.load()
        XCTAssertEqual(try mode(history.path), 0o600)
        chmod(history.path, 0o666)
        self.history().0.add("second")
        XCTAssertEqual(try mode(history.path), 0o600)
    }

    func testOnlyTheLastLimitEntriesAreKeptAndAnOverlongFileIsRewritten() throws {
        let (history, _) = history(limit: 3)
        for index in 1...7 { history.add("line \(index)") }
        let (again, _) = self.history(limit: 3)
        XCTAssertEqual(again.load(), ["line 5", "line 6", "line 7"])
        let text = try String(contentsOfFile: history.path, encoding: .utf8)
        XCTAssertEqual(text, "line 5\nline 6\nline 7\n", "more than twice the limit: rewritten")
        XCTAssertEqual(try mode(history.path), 0o600)
    }

    func testLinesThatMayHoldASecretAreNeverWritten() throws {
        let key = "k3y-\(UUID().uuidString)"
        let (history, _) = history(secrets: [key])
        history.add("keep this one")
        for line in [
            "use the token \(key) for the api", " a line starting with a space", "the password=hunter22 works",
            "export GITHUB_TOKEN: abc", "try sk-abcdefghijklmnop", "-----BEGIN OPENSSH PRIVATE KEY-----",
        ] {
            XCTAssertFalse(history.add(line), line)
        }
        let text = try String(contentsOfFile: history.path, encoding: .utf8)
        XCTAssertEqual(text, "keep this one\n")
    }

    func testAnUnwritablePlaceIsReportedOnceAndTheSessionGoesOn() throws {
        try "not a directory".write(toFile: directory + "/state", atomically: true, encoding: .utf8)
        let (history, warnings) = history()
        XCTAssertTrue(history.add("one"))
        XCTAssertTrue(history.add("two"))
        XCTAssertEqual(warnings().count, 1, "\(warnings())")
        XCTAssertTrue(warnings().first?.contains("not saved") ?? false, "\(warnings())")
    }
}
