// The tool table without any protocol around it: the entries are consistent with themselves, and
// handlers called directly, against a hosts.json on disk and no network, give the results the MCP
// server sends on.
import AgentPolicy
import Foundation
import Gateway
import HostConfiguration
import SSHTransport
import Synchronization
import XCTest

@testable import AgentTools

final class ToolTableTests: XCTestCase {
    private var directory: String!
    private var table: ToolTable!
    private var configPath: String { directory + "/hosts.json" }

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "sfa-tools-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Port 1: nothing listens there, and no test here gets as far as connecting.
        let key = directory + "/key"
        try "not a key".write(toFile: key, atomically: true, encoding: .utf8)
        try """
        {"policy": {"mode": "guarded"}, "hosts": {
          "web": {"hostname": "127.0.0.1", "port": 1, "username": "agent", "private_key": "\(key)"},
          "vault": {"hostname": "127.0.0.1", "port": 1, "username": "agent", "private_key": "\(key)",
                    "policy": {"mode": "readonly", "confirmation": "deny"}}}}
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let gateway = Gateway(configStore: HostConfigStore(path: configPath), transport: SSHConnectionPool())
        table = ToolTable(gateway: gateway, spill: OutputSpill(inlineBytes: 1000, environment: ["HOME": directory]))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: The entries

    func testTheFiveToolsInTheirListingOrderWithDistinctNames() {
        XCTAssertEqual(table.names, ["list_hosts", "check_command", "run_command", "read_file", "list_dir"])
        XCTAssertEqual(Set(table.names).count, table.tools.count, "no two entries share a name")
    }

    func testEveryEntrysSchemasAreClosedObjectsAndItsRequiredArgumentsAreDeclared() throws {
        for tool in table.tools {
            let input = try XCTUnwrap(tool.inputSchema.objectValue, tool.name)
            XCTAssertEqual(input["type"], "object", tool.name)
            XCTAssertEqual(input["additionalProperties"], false, "\(tool.name): unknown arguments are refused")
            let properties = try XCTUnwrap(input["properties"]?.objectValue, tool.name)
            XCTAssertEqual(Set(properties.keys), tool.input.argumentNames, tool.name)
            for name in tool.input.required {
                XCTAssertNotNil(properties[name], "\(tool.name) requires \"\(name)\" but does not declare it")
            }
            for (name, schema) in properties {
                XCTAssertNotNil(schema["type"], "\(tool.name).\(name) has no type")
                XCTAssertNotNil(schema["description"], "\(tool.name).\(name) is not explained to the model")
            }

            XCTAssertEqual(tool.outputSchema["type"], "object", tool.name)
            let outputProperties = try XCTUnwrap(tool.outputSchema["properties"]?.objectValue, tool.name)
            guard case .array(let required)? = tool.outputSchema["required"] else { return XCTFail(tool.name) }
            for case .string(let field) in required {
                XCTAssertNotNil(outputProperties[field], "\(tool.name)'s output requires the undeclared \"\(field)\"")
            }
            XCTAssertGreaterThan(tool.description.count, 80, "\(tool.name) is described for a model")
        }
    }

    func testAnnotationsSayWhatEachToolDoes() throws {
        for name in ["list_hosts", "check_command", "read_file", "list_dir"] {
            let hints = try table.tool(named: name).annotations
            XCTAssertEqual(hints.readOnly, true, name)
            XCTAssertEqual(hints.idempotent, true, name)
        }
        XCTAssertEqual(try table.tool(named: "list_hosts").annotations.openWorld, false, "hosts.json only")
        XCTAssertEqual(try table.tool(named: "read_file").annotations.openWorld, true, "a remote machine")
        let run = try table.tool(named: "run_command").annotations
        XCTAssertEqual([run.readOnly, run.destructive, run.idempotent, run.openWorld], [false, true, false, true])
    }

    // MARK: Malformed calls

    func testAnUnknownToolNamesTheToolsThereAre() {
        XCTAssertThrowsError(try table.tool(named: "rm")) { error in
            XCTAssertEqual(
                error as? InvalidToolCall,
                InvalidToolCall(
                    "unknown tool \"rm\"; the tools are list_hosts, check_command, run_command, read_file, list_dir"))
        }
    }

    func testUndeclaredMissingAndMistypedArgumentsAreTheCallersMistake() async throws {
        let run = try table.tool(named: "run_command")
        await assertInvalid(
            run, ["host": "web", "command": "true", "sudo": true, "as": "root"],
            "run_command does not take \"as\", \"sudo\"; its arguments are command, confirm, host, timeout")
        await assertInvalid(run, ["host": "web"], "run_command needs the string argument \"command\"")
        await assertInvalid(
            run, ["host": [1, "x", nil, 2.5], "command": "true"],
            "run_command: \"host\" must be a string, got [1, x, , 2.5]")
        await assertInvalid(
            run, ["host": "web", "command": "true", "timeout": 0],
            "run_command: \"timeout\" must be a positive number (got 0.0)")
        await assertInvalid(
            run, ["host": "web", "command": "true", "confirm": "yes"],
            "run_command: \"confirm\" must be true or false, got yes")
        await assertInvalid(
            try table.tool(named: "read_file"), ["host": "web", "path": "/x", "max_bytes": 2.5],
            "read_file: \"max_bytes\" must be a positive whole number, got 2.5")
        await assertInvalid(
            try table.tool(named: "read_file"), ["host": "web", "path": "/x", "max_bytes": 16_777_217],
            "read_file: \"max_bytes\" must be at most 16777216, got 16777217")
    }

    // MARK: Handlers, called directly

    /// Nothing listens on port 1, so each host's enforcer is "unknown", with why, and never cached.
    func testListHostsReportsTheConfiguredHostsAndTheirEnforcer() async throws {
        let result = try await complete("list_hosts", [:])
        XCTAssertFalse(result.isError)
        let lines = result.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, result.text)
        XCTAssertTrue(lines[0].hasPrefix("vault: agent@127.0.0.1:1, readonly, enforcer: unknown (not reachable: "), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("web: agent@127.0.0.1:1, guarded, enforcer: unknown (not reachable: "), lines[1])
        guard case .object(let fields)? = result.structured, case .array(let hosts)? = fields["hosts"] else {
            return XCTFail("no hosts array in \(String(describing: result.structured))")
        }
        XCTAssertEqual(fields["config_path"], .string(configPath))
        XCTAssertEqual(hosts.count, 2)
        for (host, (alias, mode)) in zip(hosts, [("vault", "readonly"), ("web", "guarded")]) {
            guard case .object(var entry) = host, case .object(let enforcer)? = entry.removeValue(forKey: "enforcer") else {
                return XCTFail("no enforcer for \(alias): \(host)")
            }
            let expected: [String: ToolValue] = [
                "alias": .string(alias), "hostname": "127.0.0.1", "username": "agent",
                "port": 1, "mode": .string(mode), "verify_host_key": true,
            ]
            XCTAssertEqual(entry, expected)
            XCTAssertEqual(enforcer["state"], "unknown")
            guard case .string(let detail)? = enforcer["detail"] else { return XCTFail("no detail: \(enforcer)") }
            XCTAssertTrue(detail.contains("refused"), detail)
        }
    }

    func testCheckCommandGivesThePolicysDecisionWithoutRunningAnything() async throws {
        let allowed = try await complete("check_command", ["host": "web", "command": "ls /tmp"])
        XCTAssertEqual(
            allowed.structured,
            [
                "host": "web", "command": "ls /tmp", "mode": "guarded", "decision": "allow", "reasons": [],
                "segments": [["program": "ls", "arguments": ["/tmp"]]],
            ])
        XCTAssertEqual(allowed.text, "allow on web (guarded mode)\nrun_command will run it.")

        let confirm = try await complete("check_command", ["host": "web", "command": "rm -f /tmp/x"])
        XCTAssertEqual(confirm.structured?["decision"], "needs_confirmation")
        XCTAssertEqual(
            confirm.text,
            "needs_confirmation on web (guarded mode)\n- rm.any: rm deletes /tmp/x\n"
                + "run_command will run it only after a human approves it.")

        let blocked = try await complete("check_command", ["host": "vault", "command": "touch /tmp/x"])
        XCTAssertEqual(blocked.structured?["decision"], "block")
        XCTAssertEqual(blocked.structured?["mode"], "readonly")

        let unknown = try await complete("check_command", ["host": "nowhere", "command": "ls"])
        XCTAssertTrue(unknown.isError)
        XCTAssertNil(unknown.structured)
        XCTAssertTrue(unknown.text.contains("known hosts: vault, web"), unknown.text)
    }

    /// Every handler reads only arguments its entry declares (`ToolArguments` asserts it), and an
    /// unknown host is the tool's failure, not the caller's mistake.
    func testEveryHandlerWithEveryArgumentFailsCleanlyOnAnUnknownHost() async throws {
        let everything: [String: [String: ToolValue]] = [
            "list_hosts": [:],
            "check_command": ["host": "nowhere", "command": "ls"],
            "run_command": ["host": "nowhere", "command": "ls", "confirm": true, "timeout": 2.5],
            "read_file": ["host": "nowhere", "path": "/etc/hostname", "max_bytes": 10],
            "list_dir": ["host": "nowhere", "path": "/"],
        ]
        for tool in table.tools {
            let arguments = try XCTUnwrap(everything[tool.name], "a test call for \(tool.name)")
            XCTAssertEqual(Set(arguments.keys), tool.input.argumentNames, tool.name)
            let result = try await complete(tool.name, arguments)
            XCTAssertEqual(result.isError, tool.name != "list_hosts", "\(tool.name): \(result.text)")
        }
    }

    // MARK: run_command and the human

    func testRunCommandHandsTheQuestionBackWhenTheHumanIsAskedOutsideTheCall() async throws {
        let human = RecordingHuman(answer: .pending)
        let outcome = try await table.tool(named: "run_command").call(
            ["host": "web", "command": "rm -f /tmp/x", "confirm": true], context: ToolCallContext(human: human))
        guard case .inputRequired(let question) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(question.command, "rm -f /tmp/x")
        XCTAssertEqual(question.destination, "agent@127.0.0.1:1")
        XCTAssertEqual(human.asked, ["rm -f /tmp/x"], "with a human to ask, confirm: true approves nothing")
    }

    func testADecliningHumanIsAToolFailureAndNothingRuns() async throws {
        let human = RecordingHuman(answer: .declined)
        let result = try await complete("run_command", ["host": "web", "command": "rm -f /tmp/x"], human: human)
        XCTAssertTrue(result.isError)
        XCTAssertTrue(result.text.hasPrefix("the human declined to run this on web"), result.text)
    }

    func testWithoutAHumanTheHostsSettingDecides() async throws {
        // `flag` (the default) without confirm: the model is told how to ask.
        let flag = try await complete("run_command", ["host": "web", "command": "rm -f /tmp/x"])
        XCTAssertTrue(flag.isError)
        XCTAssertTrue(flag.text.contains("call run_command again with the same host and command and confirm: true"), flag.text)
        // A blocked command never reaches the question at all.
        let blocked = try await complete("run_command", ["host": "vault", "command": "touch /tmp/x", "confirm": true])
        XCTAssertTrue(blocked.text.hasPrefix("blocked on vault by policy"), blocked.text)
    }

    // MARK: Helpers

    private func complete(
        _ name: String, _ arguments: [String: ToolValue],
        human: (any Confirmer)? = nil
    ) async throws -> ToolResult {
        let outcome = try await table.tool(named: name).call(arguments, context: ToolCallContext(human: human))
        guard case .complete(let result) = outcome else {
            XCTFail("\(name) asked for input")
            return ToolResult(text: "", structured: nil, isError: true)
        }
        return result
    }

    private func assertInvalid(
        _ tool: AgentTool, _ arguments: [String: ToolValue], _ message: String,
        line: UInt = #line
    ) async {
        do {
            _ = try await tool.call(arguments, context: ToolCallContext())
            XCTFail("\(tool.name) accepted \(arguments)", line: line)
        } catch {
            XCTAssertEqual(error as? InvalidToolCall, InvalidToolCall(message), line: line)
        }
    }
}

/// A human who always gives the same answer, and remembers what they were asked.
private final class RecordingHuman: Confirmer {
    private let questions = Mutex<[String]>([])
    let answer: ConfirmationAnswer

    init(answer: ConfirmationAnswer) {
        self.answer = answer
    }

    var asked: [String] { questions.withLock { $0 } }

    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        questions.withLock { $0.append(request.command) }
        return answer
    }
}
