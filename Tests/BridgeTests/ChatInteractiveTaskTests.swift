import AgentTools
import Foundation
import SandboxSSHD
import TestProcesses
import XCTest

@testable import Bridge

// The interactive session while a task runs, on a controlling pseudo-terminal against a real
// sandbox sshd: the confirmation question answered through the line editor (and never kept in
// the history), and the Ctrl-C key during a running remote command ending the task, not the session.
final class ChatInteractiveTaskTests: XCTestCase {
    nonisolated(unsafe) static var sandbox: SandboxSSHD?
    nonisolated(unsafe) static var workDirectory = ""
    let host = "sandbox-ecdsa"
    /// Each test's own XDG_STATE_HOME.
    private var stateHome = ""

    override class func setUp() {
        super.setUp()
        let started = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        Task {
            do { sandbox = try await SandboxSSHD.start() } catch { failure = error }
            started.signal()
        }
        started.wait()
        if let failure { XCTFail("sandbox sshd did not start: \(failure)") }
        workDirectory = NSTemporaryDirectory() + "sfa-chat-task-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        try? FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: workDirectory)
        try? sandbox?.writeHostsJSON(to: workDirectory + "/hosts.json")
    }

    override class func tearDown() {
        sandbox?.stop()
        try? FileManager.default.removeItem(atPath: workDirectory)
        super.tearDown()
    }

    override func setUpWithError() throws {
        _ = try XCTUnwrap(Self.sandbox, "sandbox sshd is not running")
        stateHome = Self.workDirectory + "/state-\(UUID().uuidString.prefix(8))"
    }

    private func session(_ server: ScriptedModelServer) throws -> PseudoTerminalChild {
        let terminal = try PseudoTerminalChild(
            "/usr/bin/setsid",
            [
                "--ctty", "--wait", try BuiltBinaries.path("ssh-for-agents"), "chat", "--config",
                Self.workDirectory + "/hosts.json",
                "--url", server.url, "--model", "m",
            ],
            environment: ["XDG_STATE_HOME": stateHome, "TERM": "xterm", "NO_COLOR": "1"])
        _ = try terminal.read(until: "> ")
        return terminal
    }

    func testTheConfirmationIsAnsweredThroughTheEditorAndTheAnswerIsNotKept() throws {
        let target = Self.workDirectory + "/edit-confirm-\(UUID().uuidString.prefix(8))"
        try "keep\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: target)
        let server = try ScriptedModelServer([
            Reply.call("run_command", ["host": .string(host), "command": .string("rm \(target)")]),
            Reply.text("removed"),
        ])
        let terminal = try session(server)
        try terminal.write("remove the file\r")
        let question = try terminal.read(until: "Run it? [y/N] ")
        XCTAssertTrue(question.contains("command: rm \(target)"), question)
        try terminal.write("y\r")
        _ = try terminal.read(until: "— done")
        _ = try terminal.read(until: "> ")
        try terminal.write("\u{04}")
        XCTAssertEqual(terminal.wait(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target), "approved, so removed")
        let history = try String(contentsOfFile: stateHome + "/ssh-for-agents/chat_history", encoding: .utf8)
        XCTAssertEqual(history, "remove the file\n", "the answer y is not a line of the history")
    }

    /// Ctrl-C typed at the question reaches the editor as a key, not the kernel as SIGINT; it must
    /// still end the task (nothing runs), and the session goes on.
    func testTheCtrlCKeyAtTheConfirmationQuestionEndsTheTaskAndRunsNothing() throws {
        let target = Self.workDirectory + "/edit-interrupt-\(UUID().uuidString.prefix(8))"
        try "keep\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: target)
        let server = try ScriptedModelServer([
            Reply.call("run_command", ["host": .string(host), "command": .string("rm \(target)"), "confirm": true]),
            Reply.text("never asked for"),
        ])
        let terminal = try session(server)
        try terminal.write("remove the file\r")
        _ = try terminal.read(until: "Run it? [y/N] ")
        try terminal.write("\u{03}")
        _ = try terminal.read(until: "— interrupted")
        _ = try terminal.read(until: "> ")
        try terminal.write("\u{04}")
        XCTAssertEqual(terminal.wait(), 0, "the session went on until Ctrl-D")
        XCTAssertTrue(FileManager.default.fileExists(atPath: target), "nothing ran")
        XCTAssertEqual(try server.requests().count, 1, "the interrupted task asked the model nothing more")
    }

    func testTheCtrlCKeyDuringARemoteCommandEndsTheTaskNotTheSession() throws {
        let server = try ScriptedModelServer([
            Reply.call("run_command", ["host": .string(host), "command": "sleep 30"]),
            Reply.text("after the interruption"),
        ])
        let terminal = try session(server)
        try terminal.write("wait a while\r")
        _ = try terminal.read(until: "▸ run_command")
        // Give the remote command a moment to start, then press Ctrl-C: the terminal is not in
        // editing mode during a task, so the kernel sends SIGINT, which ends the task.
        Thread.sleep(forTimeInterval: 1)
        let started = Date()
        try terminal.write("\u{03}")
        let ended = try terminal.read(until: "— interrupted")
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, ended)
        _ = try terminal.read(until: "> ")
        try terminal.write("still here\r")
        _ = try terminal.read(until: "— done")
        _ = try terminal.read(until: "> ")
        try terminal.write("exit\r")
        XCTAssertEqual(terminal.wait(), 0, "the session went on after the interrupted task")
        XCTAssertEqual(try server.requests().count, 2, "the interrupted task asked nothing more; the next one did")
    }
}
