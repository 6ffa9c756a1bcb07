import AgentTools
import Foundation
import SandboxSSHD
import TestProcesses
import XCTest

// `ssh-for-agents chat` as a user runs it: the built binary, the scripted model server, a real
// sandbox sshd; stdin a pipe (no terminal) or a pseudo-terminal (a human answering the prompt).
@testable import Bridge

final class ChatCommandTests: XCTestCase {
    nonisolated(unsafe) static var sandbox: SandboxSSHD?
    nonisolated(unsafe) static var workDirectory = ""
    let host = "sandbox-ecdsa"

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
        workDirectory = NSTemporaryDirectory() + "sfa-chat-cli-\(UUID().uuidString)"
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
    }

    private func chat(_ arguments: [String], environment: [String: String] = [:]) throws -> ProgramOutput {
        try LocalProgram.run(
            BuiltBinaries.path("ssh-for-agents"), ["chat", "--config", Self.workDirectory + "/hosts.json"] + arguments,
            environment: environment)
    }

    func testOneTaskWithAJSONTranscriptExitsZeroAndNeverPrintsTheKey() throws {
        let key = "sk-\(UUID().uuidString)"
        let server = try ScriptedModelServer([
            Reply.call("run_command", ["host": .string(host), "command": "echo cli-$((40+2))"]),
            Reply.text("It said cli-42."),
        ])
        let output = try chat(
            [
                "--api", "openai", "--url", server.url + "/v1", "--model", "m", "--api-key-env", "CHAT_TEST_KEY",
                "--json", "say it",
            ], environment: ["CHAT_TEST_KEY": key])
        XCTAssertEqual(output.status, 0, output.stderr)
        let transcript = try ToolValue(jsonText: output.stdout)
        let events = try XCTUnwrap(transcript["events"]?.arrayValue)
        XCTAssertEqual(
            events.compactMap { $0["type"]?.stringValue },
            ["user", "assistant", "tool_call", "tool_result", "assistant", "outcome"])
        XCTAssertEqual(events.last?["outcome"], "finished")
        XCTAssertTrue(events[3]["text"]?.stringValue?.contains("cli-42") ?? false, "\(events[3])")
        XCTAssertTrue(output.stderr.contains("▸ run_command \(host): echo cli-$((40+2))"), output.stderr)
        XCTAssertTrue(output.stderr.contains("— done: 2 steps, 1 tool call (0 errors)"), output.stderr)
        XCTAssertEqual(try server.requests().first?["authorization"], .string("Bearer \(key)"))
        XCTAssertFalse(output.stdout.contains(key) || output.stderr.contains(key), "the key was printed")
    }

    func testFailuresExitNonZeroWithTheReason() throws {
        let port = try ModelServerErrorTests.unusedPort()
        let unreachable = try chat(["--url", "http://127.0.0.1:\(port)", "--model", "m", "hi"])
        XCTAssertEqual(unreachable.status, 1, unreachable.stderr)
        XCTAssertTrue(unreachable.stderr.contains("ollama serve"), unreachable.stderr)

        let server = try ScriptedModelServer([Reply.call("list_hosts", [:]), Reply.call("list_hosts", ["x": 1])])
        let limited = try chat(["--url", server.url, "--model", "m", "--max-steps", "2", "loop"])
        XCTAssertEqual(limited.status, 3, limited.stderr)
        XCTAssertTrue(limited.stderr.contains("stopped after 2 steps"), limited.stderr)

        let noModel = try chat(["hi"], environment: ["OLLAMA_MODEL": ""])
        XCTAssertEqual(noModel.status, 2, noModel.stderr)
        XCTAssertTrue(noModel.stderr.contains("OLLAMA_MODEL"), noModel.stderr)
    }

    /// The prompt through a pseudo-terminal, as a person sees it, answered both ways.
    func testTheConfirmationPromptOnATerminalApprovesAndRefuses() throws {
        for (answer, removed) in [("y", true), ("n", false)] {
            let target = Self.workDirectory + "/pty-\(answer)-\(UUID().uuidString.prefix(8))"
            try "keep\n".write(toFile: target, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: target)
            let server = try ScriptedModelServer([
                Reply.call("run_command", ["host": .string(host), "command": .string("rm \(target)"), "confirm": true]),
                Reply.text("over"),
            ])
            let terminal = try PseudoTerminalChild(
                BuiltBinaries.path("ssh-for-agents"),
                ["chat", "--config", Self.workDirectory + "/hosts.json", "--url", server.url, "--model", "m", "remove it"])
            let question = try terminal.read(until: "Run it? [y/N] ")
            XCTAssertTrue(question.contains("command: rm \(target)"), question)
            XCTAssertTrue(question.contains("host:    \(host)"), question)
            try terminal.write(answer + "\n")
            let rest = try terminal.read(until: "— ")
            XCTAssertEqual(terminal.wait(), 0, question + rest)
            XCTAssertEqual(!FileManager.default.fileExists(atPath: target), removed, "answer \(answer): \(rest)")
        }
    }

    /// Ctrl-C while the human is being asked ends the task (nothing runs) and the one-shot exits 130.
    func testCtrlCAtTheConfirmationPromptEndsTheTaskAndRunsNothing() throws {
        let target = Self.workDirectory + "/pty-interrupt-\(UUID().uuidString.prefix(8))"
        try "keep\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: target)
        let server = try ScriptedModelServer([
            Reply.call("run_command", ["host": .string(host), "command": .string("rm \(target)")]),
            Reply.text("over"),
        ])
        let terminal = try PseudoTerminalChild(
            BuiltBinaries.path("ssh-for-agents"),
            ["chat", "--config", Self.workDirectory + "/hosts.json", "--url", server.url, "--model", "m", "remove it"])
        _ = try terminal.read(until: "Run it? [y/N] ")
        terminal.interrupt()
        let rest = try terminal.read(until: "— interrupted")
        XCTAssertEqual(terminal.wait(), 130, rest)
        XCTAssertTrue(FileManager.default.fileExists(atPath: target), rest)
        XCTAssertEqual(try server.requests().count, 1, "the interrupted task asks the model nothing more")
    }
}
