import AgentTools
import Foundation
import TestProcesses
import XCTest

@testable import Bridge

// The interactive session on a real terminal: a pseudo-terminal that is the session's controlling
// terminal (`setsid --ctty`, so Ctrl-C is the terminal's own interrupt key, as for a person),
// against the scripted model server. What is typed goes through libedit; what the model receives
// and what the history file holds are read back.
final class ChatLineEditingTests: XCTestCase {
    private var directory = ""
    private var stateHome: String { directory + "/state" }
    private var historyPath: String { stateHome + "/ssh-for-agents/chat_history" }

    static let upArrow = "\u{1b}[A"
    static let ctrlC = "\u{03}"
    static let ctrlD = "\u{04}"

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "sfa-chat-edit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // No hosts are needed: these tasks only talk.
        try #"{"hosts": {}}"#.write(toFile: directory + "/hosts.json", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func session(_ server: ScriptedModelServer, environment: [String: String] = [:]) throws -> PseudoTerminalChild {
        let terminal = try PseudoTerminalChild(
            "/usr/bin/setsid",
            [
                "--ctty", "--wait", try BuiltBinaries.path("ssh-for-agents"), "chat", "--config", directory + "/hosts.json",
                "--url", server.url, "--model", "m",
            ],
            environment: ["XDG_STATE_HOME": stateHome, "TERM": "xterm", "NO_COLOR": "1"].merging(environment) { $1 })
        _ = try terminal.read(until: "> ")
        return terminal
    }

    /// The user messages the model received, in order.
    private func userMessages(_ server: ScriptedModelServer) throws -> [String] {
        try server.requests().compactMap { request in
            request["body"]?["messages"]?.arrayValue?.last(where: { $0["role"] == "user" })?["content"]?.stringValue
        }
    }

    func testUpArrowRecallsALineAndTheHistoryFileOutlivesTheSession() throws {
        let server = try ScriptedModelServer([Reply.text("one"), Reply.text("two"), Reply.text("three")])
        let first = try session(server)
        try first.write("how are the disks\r")
        _ = try first.read(until: "— done")
        _ = try first.read(until: "> ")
        try first.write(Self.upArrow)
        XCTAssertTrue(try first.read(until: "how are the disks").contains("how are the disks"))
        try first.write(" today\r")
        _ = try first.read(until: "— done")
        _ = try first.read(until: "> ")
        try first.write(Self.ctrlD)
        XCTAssertEqual(first.wait(), 0)
        XCTAssertEqual(try userMessages(server), ["how are the disks", "how are the disks today"])

        XCTAssertEqual(
            try String(contentsOfFile: historyPath, encoding: .utf8), "how are the disks\nhow are the disks today\n")
        let mode = try FileManager.default.attributesOfItem(atPath: historyPath)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)

        // A new session starts with the file's lines on the up-arrow: two up is the older one.
        let second = try session(server)
        try second.write(Self.upArrow + Self.upArrow + "\r")
        _ = try second.read(until: "— done")
        _ = try second.read(until: "> ")
        try second.write("exit\r")
        XCTAssertEqual(second.wait(), 0)
        XCTAssertEqual(try userMessages(server).last, "how are the disks")
    }

    func testCtrlCAtThePromptClearsTheLineAndTheSessionGoesOn() throws {
        let server = try ScriptedModelServer([Reply.text("answered")])
        let terminal = try session(server)
        // Typed at once, as soon as the prompt shows: the terminal must already be in editing
        // mode then, or the kernel would turn Ctrl-C into SIGINT and end the session.
        try terminal.write("never sent" + Self.ctrlC)
        let cleared = try terminal.read(until: "> ")
        XCTAssertTrue(cleared.contains("^C"), cleared)
        try terminal.write("sent\r")
        _ = try terminal.read(until: "— done")
        _ = try terminal.read(until: "> ")
        try terminal.write(Self.ctrlD)
        XCTAssertEqual(terminal.wait(), 0, "Ctrl-D on an empty line ends the session")
        XCTAssertEqual(try userMessages(server), ["sent"])
        XCTAssertEqual(try String(contentsOfFile: historyPath, encoding: .utf8), "sent\n", "a discarded line is not kept")
    }

    func testLinesHoldingTheAPIKeyOrMarkedWithASpaceAreNotKept() throws {
        let key = "key-\(UUID().uuidString)"
        let server = try ScriptedModelServer([Reply.text("a"), Reply.text("b"), Reply.text("c")])
        let terminal = try PseudoTerminalChild(
            "/usr/bin/setsid",
            [
                "--ctty", "--wait", try BuiltBinaries.path("ssh-for-agents"), "chat", "--config", directory + "/hosts.json",
                "--api", "openai", "--url", server.url + "/v1", "--model", "m", "--api-key-env", "CHAT_EDIT_KEY",
            ],
            environment: ["XDG_STATE_HOME": stateHome, "TERM": "xterm", "NO_COLOR": "1", "CHAT_EDIT_KEY": key])
        for line in ["my key is \(key)", " private question", "kept question"] {
            _ = try terminal.read(until: "> ")
            try terminal.write(line + "\r")
            _ = try terminal.read(until: "— done")
        }
        _ = try terminal.read(until: "> ")
        try terminal.write(Self.ctrlD)
        XCTAssertEqual(terminal.wait(), 0)
        XCTAssertEqual(try userMessages(server).count, 3)
        let history = try String(contentsOfFile: historyPath, encoding: .utf8)
        XCTAssertEqual(history, "kept question\n")
        XCTAssertFalse(history.contains(key))
    }

    func testWithoutATerminalLinesArePlainAndNoHistoryIsWritten() throws {
        let server = try ScriptedModelServer([Reply.text("piped answer")])
        let output = try LocalProgram.run(
            BuiltBinaries.path("ssh-for-agents"),
            ["chat", "--config", directory + "/hosts.json", "--url", server.url, "--model", "m"],
            environment: ["XDG_STATE_HOME": stateHome], stdin: "from a pipe\n")
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("piped answer"), output.stdout + output.stderr)
        XCTAssertEqual(try userMessages(server), ["from a pipe"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: stateHome), "no history without a terminal")
    }
}
