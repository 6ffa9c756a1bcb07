// The router driven without the stdio transport: messages go in as decoded lines, replies come
// out through an in-memory `ReplyWriter`. Both eras' tool list comes from the tool table.
import AgentTools
import Foundation
import Gateway
import HostConfiguration
import MCP
import SSHTransport
import Synchronization
import XCTest

@testable import MCPServer

final class ToolCallRouterTests: XCTestCase {
    private final class Replies: ReplyWriter {
        private let sent = Mutex<[Data]>([])
        func write(_ message: Data) { sent.withLock { $0.append(message) } }

        /// Waits for the `count`th reply (tool calls answer from a task) and returns them all.
        func waitFor(_ count: Int) async -> [[String: Any]] {
            let deadline = ContinuousClock.now + .seconds(5)
            while sent.withLock({ $0.count }) < count, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(2))
            }
            return sent.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
    }

    private var directory: String!
    private let replies = Replies()
    private let session = ClientSession()
    private final class Counter: Sendable {
        private let value = Mutex(0)
        func increment() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    private let statelessEntries = Counter()
    private var router: ToolCallRouter!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "sfa-router-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try #"{"hosts": {"web": {"hostname": "127.0.0.1", "port": 1, "username": "agent"}}}"#
            .write(toFile: directory + "/hosts.json", atomically: true, encoding: .utf8)
        let gateway = Gateway(configStore: HostConfigStore(path: directory + "/hosts.json"), transport: SSHConnectionPool())
        let table = ToolTable(gateway: gateway, spill: OutputSpill(inlineBytes: 1000, environment: ["HOME": directory]))
        let ledger = ApprovalLedger()
        let dispatcher = ToolDispatcher(
            table: table, server: Server(name: "test", version: "0"), session: session,
            ledger: ledger, tracker: ToolCallTracker())
        router = ToolCallRouter(
            dispatcher: dispatcher, session: session, ledger: ledger,
            info: .init(name: "test", title: "Test", version: "0", instructions: "none"),
            replies: replies, enteredStatelessEra: { [statelessEntries] in statelessEntries.increment() })
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static let envelope =
        #"{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#

    private func send(_ json: String) throws -> Bool {
        router.route(try JSONDecoder().decode(IncomingMessage.self, from: Data(json.utf8)))
    }

    func testTheStatelessEraIsServedFromTheTableAlone() async throws {
        XCTAssertTrue(try send(#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":"# + Self.envelope + "}}"))
        XCTAssertTrue(
            try send(
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"check_command","arguments":{"host":"web","command":"rm -rf /"},"_meta":"#
                    + Self.envelope + "}}"))
        XCTAssertTrue(
            try send(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"rm","_meta":"# + Self.envelope + "}}"))
        let answers = await replies.waitFor(3)
        XCTAssertEqual(session.stage, .stateless)
        XCTAssertEqual(statelessEntries.count, 1, "entered once, on the first request")

        let byID = Dictionary(answers.map { ($0["id"] as? Int ?? -1, $0) }, uniquingKeysWith: { first, _ in first })
        let list = try XCTUnwrap(byID[1]?["result"] as? [String: Any])
        XCTAssertEqual(list["resultType"] as? String, "complete")
        let tools = try XCTUnwrap(list["tools"] as? [[String: Any]])
        XCTAssertEqual(
            tools.compactMap { $0["name"] as? String },
            ["list_hosts", "check_command", "run_command", "read_file", "list_dir"])
        let run = try XCTUnwrap(tools.first { $0["name"] as? String == "run_command" })
        XCTAssertEqual((run["annotations"] as? [String: Any])?["destructiveHint"] as? Bool, true)
        XCTAssertEqual((run["inputSchema"] as? [String: Any])?["required"] as? [String], ["host", "command"])

        let check = try XCTUnwrap(byID[2]?["result"] as? [String: Any])
        XCTAssertEqual(check["isError"] as? Bool, false)
        XCTAssertEqual((check["structuredContent"] as? [String: Any])?["decision"] as? String, "block")

        let unknown = try XCTUnwrap(byID[3]?["error"] as? [String: Any])
        XCTAssertEqual(unknown["code"] as? Int, -32602)
        XCTAssertEqual(
            unknown["message"] as? String,
            "Invalid params: unknown tool \"rm\"; the tools are "
                + "list_hosts, check_command, run_command, read_file, list_dir")
    }

    func testInitializeFixesTheHandshakeEraAndRecordsWhatTheClientCanDo() async throws {
        XCTAssertNil(session.era)
        XCTAssertFalse(
            try send(
                #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{}},"clientInfo":{"name":"t","version":"1"}}}"#
            ),
            "the SDK answers initialize itself")
        XCTAssertEqual(session.stage, .initialized(clientCanElicit: true))
        XCTAssertFalse(
            try send(
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
            ))
        XCTAssertTrue(session.clientCanElicit, "a second initialize (which the SDK refuses) changes nothing")

        XCTAssertTrue(try send(#"{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"_meta":"# + Self.envelope + "}}"))
        let refused = await replies.waitFor(1)
        XCTAssertEqual(
            (refused.first?["error"] as? [String: Any])?["code"] as? Int, -32600,
            "a 2026-07-28 request on a 2025-11-25 connection")
        XCTAssertEqual(statelessEntries.count, 0)
    }

    /// Issue 19, item 8: unusable `tools/call` parameters are invalid params (-32602) in both eras.
    /// In the 2025-11-25 era they used to reach the SDK, which answered -32603 (internal error).
    func testUnusableCallParametersAreInvalidParamsInBothEras() async throws {
        XCTAssertFalse(
            try send(
                #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
            ))
        let calls = [
            #""params":{"name":"run_command","arguments":"uptime"}"#, #""params":{"arguments":{}}"#,
            #""params":{"name":5,"arguments":{}}"#, #""params":{"name":"list_hosts","arguments":[1]}"#,
        ]
        for (offset, params) in calls.enumerated() {
            XCTAssertTrue(
                try send(#"{"jsonrpc":"2.0","id":\#(offset + 1),"method":"tools/call",\#(params)}"#),
                "answered by the router, not the SDK: \(params)")
        }
        XCTAssertTrue(
            try send(#"{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"list_hosts","arguments":null}}"#))
        var answers = await replies.waitFor(calls.count + 1)
        XCTAssertEqual(answers.count, calls.count + 1)
        let nullArguments = answers.first { $0["id"] as? Int == 9 }
        XCTAssertNotNil(nullArguments?["result"], "null arguments are no arguments: \(String(describing: nullArguments))")
        answers.removeAll { $0["id"] as? Int == 9 }
        for answer in answers {
            let error = try XCTUnwrap(answer["error"] as? [String: Any], "\(answer)")
            XCTAssertEqual(error["code"] as? Int, -32602, "\(answer)")
        }
        XCTAssertTrue(
            answers.contains {
                (($0["error"] as? [String: Any])?["message"] as? String)?.contains("\"arguments\" must be an object") == true
            })
    }

    func testStatelessCallWithMistypedArgumentsIsInvalidParams() async throws {
        XCTAssertTrue(
            try send(
                #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"run_command","arguments":"uptime","_meta":"#
                    + Self.envelope + "}}"))
        let answers = await replies.waitFor(1)
        XCTAssertEqual((answers.first?["error"] as? [String: Any])?["code"] as? Int, -32602, "\(answers)")
    }

    func testAFirstRequestWithAnUnusableEnvelopeLeavesTheEraOpen() async throws {
        XCTAssertTrue(
            try send(
                #"{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2099-01-01","io.modelcontextprotocol/clientCapabilities":{}}}}"#
            ))
        let answers = await replies.waitFor(1)
        XCTAssertEqual((answers.first?["error"] as? [String: Any])?["code"] as? Int, -32022)
        XCTAssertEqual(session.stage, .awaitingFirstRequest, "the client may still fall back to initialize")
        XCTAssertFalse(
            try send(
                #"{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
            ))
        XCTAssertEqual(session.stage, .initialized(clientCanElicit: false))
    }
}
