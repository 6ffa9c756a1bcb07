// The tool-calling loop end to end: the real ChatSession and HTTP client against the scripted
// model server (Ollama NDJSON and OpenAI SSE, byte for byte as documented), the real tool table,
// gateway and policy, and a real sandbox sshd, so every run_command really runs.
import AgentTools
import Foundation
import Gateway
import HostConfiguration
import SSHTransport
import SandboxSSHD
import XCTest

@testable import Bridge

final class ChatLoopTests: XCTestCase {
    nonisolated(unsafe) static var sandbox: SandboxSSHD?
    nonisolated(unsafe) static var workDirectory = ""
    /// The ECDSA entry of the sandbox hosts.json needs no passphrase variable.
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
        workDirectory = NSTemporaryDirectory() + "sfa-bridge-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        try? sandbox?.writeHostsJSON(to: workDirectory + "/hosts.json")
    }

    override class func tearDown() {
        sandbox?.stop()
        try? FileManager.default.removeItem(atPath: workDirectory)
        super.tearDown()
    }

    private var gateway: Gateway!
    private var clients: [ModelServerClient] = []

    override func setUpWithError() throws {
        _ = try XCTUnwrap(Self.sandbox, "sandbox sshd is not running")
        gateway = Gateway(
            configStore: HostConfigStore(path: Self.workDirectory + "/hosts.json"),
            transport: SSHConnectionPool())
    }

    override func tearDown() async throws {
        for client in clients { await client.shutdown() }
        await gateway.shutdown()
    }

    private struct Run {
        let outcome: TurnOutcome
        let shown: String
        let session: ChatSession
    }

    private func chat(
        _ prompt: String, _ server: ScriptedModelServer, api: ModelAPI = .ollama,
        human: (any HumanChannel)? = nil, maxSteps: Int = 20, apiKey: String? = nil
    ) async -> Run {
        let client = ModelServerClient(server: ModelServer(baseURL: server.url, api: api, model: "scripted", apiKey: apiKey))
        clients.append(client)
        let sink = CollectingSink()
        let table = ToolTable(
            gateway: gateway, spill: OutputSpill(inlineBytes: 10_000, environment: ["HOME": Self.workDirectory]))
        let session = ChatSession(
            client: client, table: table, human: human,
            display: ConsoleDisplay(sink: sink, color: false), maxSteps: maxSteps)
        let outcome = await session.send(prompt)
        return Run(outcome: outcome, shown: sink.text, session: session)
    }

    /// A file under the sandbox account's reach (the sandbox sshd runs on this machine).
    private func scratchFile(_ name: String) throws -> String {
        let path = Self.workDirectory + "/\(name)-\(UUID().uuidString.prefix(8))"
        try "keep me\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: Self.workDirectory)
        return path
    }

    /// The answer the bridge sent for the `index`th tool call, read from the next request.
    private func toolAnswers(_ server: ScriptedModelServer, request: Int) throws -> [ToolValue] {
        try server.messages(ofRequest: request).filter { $0["role"] == "tool" }
    }

    // MARK: Full round trips

    func testOllamaRoundTripRunsTheCommandOnTheHostAndAnswersWithToolName() async throws {
        let server = try ScriptedModelServer([
            Reply.call("run_command", ["host": .string(host), "command": "echo bridge-$((6*7))"]),
            Reply.text("It printed ", "bridge-42."),
        ])
        let run = await chat("what does it print?", server)
        XCTAssertEqual(run.outcome, .finished("It printed bridge-42."), run.shown)

        let requests = try server.requests()
        XCTAssertEqual(requests.count, 2)
        XCTAssertEqual(requests[0]["path"], "/api/chat")
        XCTAssertEqual(
            requests[0]["body"]?["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue },
            ["list_hosts", "check_command", "run_command", "read_file", "list_dir"])
        let messages = try server.messages(ofRequest: 1)
        let assistant = try XCTUnwrap(messages.first { $0["role"] == "assistant" })
        XCTAssertEqual(assistant["tool_calls"]?.arrayValue?.first?["function"]?["arguments"]?["command"], "echo bridge-$((6*7))")
        let answer = try XCTUnwrap(messages.last)
        XCTAssertEqual(answer["role"], "tool")
        XCTAssertEqual(answer["tool_name"], "run_command")
        XCTAssertTrue(answer["content"]?.stringValue?.contains("bridge-42") ?? false, "\(answer)")
        XCTAssertTrue(run.shown.contains("▸ run_command \(host): echo bridge-$((6*7))"), run.shown)
        XCTAssertTrue(run.shown.contains("✓ exit 0"), run.shown)
        XCTAssertTrue(run.shown.contains("It printed bridge-42.\n"), run.shown)
    }

    func testOpenAIRoundTripAssemblesArgumentFragmentsAndAnswersByCallID() async throws {
        let server = try ScriptedModelServer([
            Reply.calls([("list_hosts", [:]), ("run_command", ["host": .string(host), "command": "printf 'sse %s' ok"])]),
            Reply.text("Done: ", "sse ok"),
        ])
        let run = await chat("go", server, api: .openai)
        XCTAssertEqual(run.outcome, .finished("Done: sse ok"), run.shown)

        let requests = try server.requests()
        XCTAssertEqual(requests.map { $0["path"] }, ["/v1/chat/completions", "/v1/chat/completions"])
        let messages = try server.messages(ofRequest: 1)
        let calls = try XCTUnwrap(messages.first { $0["role"] == "assistant" }?["tool_calls"]?.arrayValue)
        XCTAssertEqual(calls.count, 2)
        let arguments = try XCTUnwrap(calls[1]["function"]?["arguments"]?.stringValue)
        XCTAssertEqual(try ToolValue(jsonText: arguments)["command"], "printf 'sse %s' ok")
        let answers = try toolAnswers(server, request: 1)
        XCTAssertEqual(answers.map { $0["tool_call_id"] }, calls.map { $0["id"] })
        XCTAssertTrue(answers[0]["content"]?.stringValue?.contains(host) ?? false, "list_hosts lists the host")
        XCTAssertTrue(answers[1]["content"]?.stringValue?.contains("sse ok") ?? false, "\(answers[1])")
    }

    // MARK: What small models get wrong

    func testUnknownToolIsAnsweredWithTheRealToolNames() async throws {
        let server = try ScriptedModelServer([
            Reply.call("execute_shell", ["cmd": "uptime"]),
            Reply.call("run_command", ["host": .string(host), "command": "echo corrected"]),
            Reply.text("ok"),
        ])
        let run = await chat("uptime?", server)
        XCTAssertEqual(run.outcome, .finished("ok"), run.shown)
        let first = try XCTUnwrap(toolAnswers(server, request: 1).last?["content"]?.stringValue)
        XCTAssertTrue(first.hasPrefix("error: unknown tool \"execute_shell\""), first)
        XCTAssertTrue(first.contains("run_command"), first)
        let second = try XCTUnwrap(toolAnswers(server, request: 2).last?["content"]?.stringValue)
        XCTAssertTrue(second.contains("corrected"), second)
    }

    func testArgumentsSentAsAJSONStringAreReadAndTextThatIsNotJSONIsAnError() async throws {
        let server = try ScriptedModelServer([
            Reply.call("run_command", .string(#"{"host": "\#(host)", "command": "echo from-a-string"}"#)),
            Reply.call("run_command", .string("host=\(host) command=ls")),
            Reply.text("fine"),
        ])
        let run = await chat("go", server)
        XCTAssertEqual(run.outcome, .finished("fine"), run.shown)
        let answers = try toolAnswers(server, request: 2)
        XCTAssertTrue(answers[0]["content"]?.stringValue?.contains("from-a-string") ?? false, "\(answers[0])")
        let second = try XCTUnwrap(answers[1]["content"]?.stringValue)
        XCTAssertTrue(second.contains("must be a JSON object"), second)
        XCTAssertTrue(second.contains("run_command takes host (string, required), command (string, required)"), second)
    }

    func testMissingAndExtraArgumentsAreNamedWithTheToolsArguments() async throws {
        let server = try ScriptedModelServer([
            Reply.calls([
                ("run_command", ["host": .string(host)]),
                ("run_command", ["host": .string(host), "command": "pwd", "cwd": "/tmp"]),
                ("run_command", ["host": .string(host), "command": "pwd", "timeout": "30"]),
            ]),
            Reply.text("fine"),
        ])
        let run = await chat("go", server, api: .openai)
        XCTAssertEqual(run.outcome, .finished("fine"), run.shown)
        let answers = try toolAnswers(server, request: 1).compactMap { $0["content"]?.stringValue }
        XCTAssertEqual(answers.count, 3)
        XCTAssertTrue(answers[0].contains(#"needs the string argument "command""#), answers[0])
        XCTAssertTrue(answers[1].contains(#"does not take "cwd""#), answers[1])
        XCTAssertTrue(answers[2].contains(#""timeout" must be a number"#), answers[2])
        XCTAssertTrue(answers.allSatisfy { $0.hasPrefix("error: ") && $0.contains("run_command takes") }, "\(answers)")
    }

    func testTheSameCallOverAndOverIsStoppedAfterTheLimit() async throws {
        let counter = try scratchFile("repeat")
        let call = Reply.call("run_command", ["host": .string(host), "command": .string("echo ran >> \(counter)")])
        let server = try ScriptedModelServer([call, call, call, Reply.text("stopped")])
        let run = await chat("go", server)
        XCTAssertEqual(run.outcome, .finished("stopped"), run.shown)
        let lines = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.filter { $0 == "ran" }.count, ToolCallScreen.repeatLimit, "the third identical call did not run")
        let third = try XCTUnwrap(toolAnswers(server, request: 3).last?["content"]?.stringValue)
        XCTAssertTrue(third.contains("already called 2 times with exactly these arguments"), third)
    }

    func testAToolCallWrittenAsTextDoesNotRunAndTheModelIsToldHowToCall() async throws {
        let marker = Self.workDirectory + "/text-call-\(UUID().uuidString.prefix(8))"
        let written = """
            I will run it now:
            ```json
            {"name": "run_command", "arguments": {"host": "\(host)", "command": "touch \(marker)"}}
            ```
            """
        let server = try ScriptedModelServer([["text": [.string(written)]], Reply.text("sorry")])
        let run = await chat("go", server, api: .openai)
        XCTAssertEqual(run.outcome, .finished("sorry"), run.shown)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "a call written as text never runs")
        let last = try XCTUnwrap(server.messages(ofRequest: 1).last)
        XCTAssertEqual(last["role"], "user")
        XCTAssertTrue(last["content"]?.stringValue?.contains("You wrote a call to run_command as text") ?? false, "\(last)")
    }

    func testPythonStyleCallInTextIsCaughtToo() {
        XCTAssertEqual(
            TextToolCall.toolName(in: #"[run_command(host="web", command="ls")]"#, tools: ["run_command"]), "run_command")
        XCTAssertNil(TextToolCall.toolName(in: "I used run_command and it printed 3 files.", tools: ["run_command"]))
        XCTAssertNil(TextToolCall.toolName(in: #"The config is {"name": "web"}."#, tools: ["run_command"]))
    }

    // MARK: Confirmation and policy

    func testConfirmTrueFromTheModelWithoutATerminalLeavesTheFileInPlace() async throws {
        let target = try scratchFile("precious")
        let server = try ScriptedModelServer([
            Reply.call("run_command", ["host": .string(host), "command": .string("rm \(target)"), "confirm": true]),
            Reply.text("refused"),
        ])
        let run = await chat("delete it", server, human: nil)
        XCTAssertEqual(run.outcome, .finished("refused"), run.shown)
        XCTAssertTrue(FileManager.default.fileExists(atPath: target), "the model's confirm: true is never an approval")
        let answer = try XCTUnwrap(toolAnswers(server, request: 1).last?["content"]?.stringValue)
        XCTAssertTrue(answer.hasPrefix("error: "), answer)
        XCTAssertTrue(answer.contains("a human must approve this command"), answer)
        XCTAssertTrue(run.shown.contains("✗ "), run.shown)
    }

    func testTheHumanAtTheTerminalApprovesOrRefuses() async throws {
        for (answer, removed) in [("y", true), ("n", false)] {
            let target = try scratchFile("asked")
            let command = "rm \(target) # tidy\r"
            let server = try ScriptedModelServer([
                Reply.call("run_command", ["host": .string(host), "command": .string(command)]),
                Reply.text("done"),
            ])
            let human = ScriptedHuman(answers: [answer])
            let run = await chat("delete it", server, human: human)
            XCTAssertEqual(run.outcome, .finished("done"), run.shown)
            XCTAssertEqual(!FileManager.default.fileExists(atPath: target), removed, "answer \(answer)")
            let question = try XCTUnwrap(human.questions.first)
            XCTAssertTrue(question.contains("host:    \(host) ("), question)
            XCTAssertTrue(question.contains("@127.0.0.1:"), "the destination is shown: \(question)")
            XCTAssertTrue(question.contains("command: rm \(target) # tidy\\x0d"), "control characters spelled out: \(question)")
            XCTAssertTrue(question.contains("why:"), question)
            let result = try XCTUnwrap(toolAnswers(server, request: 1).last?["content"]?.stringValue)
            XCTAssertEqual(result.hasPrefix("error: "), !removed, result)
        }
    }

    func testABlockedCommandIsReportedWithItsReason() async throws {
        let server = try ScriptedModelServer([
            Reply.call("run_command", ["host": .string(host), "command": "rm -rf --no-preserve-root /"]),
            Reply.text("blocked"),
        ])
        let human = ScriptedHuman(answers: ["y"])
        let run = await chat("wipe", server, human: human)
        XCTAssertEqual(run.outcome, .finished("blocked"), run.shown)
        XCTAssertTrue(human.questions.isEmpty, "a block is never put to the human")
        let answer = try XCTUnwrap(toolAnswers(server, request: 1).last?["content"]?.stringValue)
        XCTAssertTrue(answer.hasPrefix("error: "), answer)
        XCTAssertTrue(answer.lowercased().contains("block"), answer)
    }

    // MARK: Bounds

    func testMaxStepsBoundsTheLoopAndLeavesTheLastCallsUnrun() async throws {
        let counter = try scratchFile("steps")
        let server = try ScriptedModelServer(
            (1...5).map { step in
                Reply.call("run_command", ["host": .string(host), "command": .string("echo step\(step) >> \(counter)")])
            })
        let run = await chat("loop", server, maxSteps: 2)
        XCTAssertEqual(run.outcome, .stepLimit(2), run.shown)
        XCTAssertEqual(try server.requests().count, 2, "two model requests, no more")
        let ran = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(ran.filter { $0.hasPrefix("step") }, ["step1"], "the second step's call was not run")
        let events = await run.session.transcript.events
        XCTAssertEqual(events.last?["outcome"], "step_limit")
    }
}
