// What the user is told when the model server is not there, lacks the model, or cannot do tools,
// and that an API key reaches the server and nothing else.
import AgentTools
import Foundation
import Gateway
import HostConfiguration
import SSHTransport
import XCTest

@testable import Bridge

final class ModelServerErrorTests: XCTestCase {
    private var directory = ""
    private var gateway: Gateway!
    private var clients: [ModelServerClient] = []

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "sfa-bridge-errors-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try #"{"hosts": {}}"#.write(toFile: directory + "/hosts.json", atomically: true, encoding: .utf8)
        gateway = Gateway(configStore: HostConfigStore(path: directory + "/hosts.json"), transport: SSHConnectionPool())
    }

    override func tearDown() async throws {
        for client in clients { await client.shutdown() }
        await gateway.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func chat(
        url: String, api: ModelAPI = .ollama, model: String = "scripted",
        apiKey: String? = nil
    ) async -> (TurnOutcome, String, [ToolValue]) {
        let client = ModelServerClient(server: ModelServer(baseURL: url, api: api, model: model, apiKey: apiKey))
        clients.append(client)
        let sink = CollectingSink()
        let session = ChatSession(
            client: client, table: ToolTable(gateway: gateway, spill: OutputSpill(inlineBytes: 1000)),
            human: nil, display: ConsoleDisplay(sink: sink, color: false))
        let outcome = await session.send("hello")
        return (outcome, sink.text, await session.transcript.events)
    }

    func testServerNotRunningSaysHowToStartIt() async throws {
        // A port that was just free: nothing listens there.
        let port = try Self.unusedPort()
        let (outcome, _, _) = await chat(url: "http://127.0.0.1:\(port)")
        guard case .failed(.unreachable) = outcome else { return XCTFail("\(outcome)") }
        let reason = try XCTUnwrap(outcome.reason)
        XCTAssertTrue(reason.contains("cannot reach the model server at http://127.0.0.1:\(port)/api/chat"), reason)
        XCTAssertTrue(reason.contains("ollama serve"), reason)
    }

    func testModelNotPulledGivesThePullCommand() async throws {
        let server = try ScriptedModelServer([
            ["status": 404, "body": ["error": #"model "qwen9:7b" not found, try pulling it first"#]]
        ])
        let (outcome, _, _) = await chat(url: server.url, model: "qwen9:7b")
        guard case .failed(.modelNotFound) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(outcome.reason?.contains("`ollama pull qwen9:7b`") ?? false, "\(outcome)")
    }

    func testModelWithoutToolSupportSaysSoAndNamesModelsThatHaveIt() async throws {
        let server = try ScriptedModelServer([
            ["status": 400, "body": ["error": "registry.ollama.ai/library/gemma:2b does not support tools"]]
        ])
        let (outcome, _, _) = await chat(url: server.url, model: "gemma:2b")
        guard case .failed(.noToolSupport) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(outcome.reason?.contains("qwen3-coder") ?? false, "\(outcome)")
    }

    func testOtherHTTPErrorsCarryTheServersMessage() async throws {
        let server = try ScriptedModelServer([["status": 503, "body": ["error": ["message": "loading model, try later"]]]])
        let (outcome, _, _) = await chat(url: server.url, api: .openai)
        XCTAssertEqual(outcome, .failed(.httpStatus(code: 503, message: "loading model, try later")))
    }

    func testAnErrorInTheMiddleOfTheStreamEndsTheTask() async throws {
        for api in ModelAPI.allCases {
            let server = try ScriptedModelServer([["text": ["partial "], "stream_error": "out of memory"]])
            let (outcome, shown, _) = await chat(url: server.url, api: api)
            XCTAssertEqual(outcome, .failed(.streamFailed("out of memory")), "\(api)")
            XCTAssertTrue(shown.hasPrefix("partial "), "the text that arrived was shown: \(shown)")
        }
    }

    func testTheAPIKeyIsSentAsABearerTokenAndNeverShown() async throws {
        let key = "sk-local-\(UUID().uuidString)"
        let server = try ScriptedModelServer([
            Reply.call("list_hosts", [:]),
            ["status": 401, "body": ["error": ["message": .string("token \(key) is not valid")]]],
        ])
        let (outcome, shown, events) = await chat(url: server.url, api: .openai, apiKey: key)
        let bearer: [ToolValue?] = [.string("Bearer \(key)"), .string("Bearer \(key)")]
        XCTAssertEqual(try server.requests().map { $0["authorization"] }, bearer)
        let reason = try XCTUnwrap(outcome.reason)
        XCTAssertTrue(reason.contains("token [api key] is not valid"), reason)
        for text in [reason, shown, ToolValue.array(events).jsonText] {
            XCTAssertFalse(text.contains(key), "the key leaked: \(text)")
        }
    }

    static func unusedPort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(socket, raw, length) == 0, getsockname(socket, raw, &length) == 0 else {
                    throw POSIXError(.EADDRINUSE)
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
