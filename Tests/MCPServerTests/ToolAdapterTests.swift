// The MCP face of the tool table: values convert both ways unchanged, argument errors quote
// values exactly as the SDK's `Value` prints them, and entries and results map field for field.
import AgentTools
import Foundation
import MCP
import SSHTransport
import XCTest

@testable import MCPServer

final class ToolAdapterTests: XCTestCase {
    private let samples: [Value] = [
        .null, true, 5, -0.5, 2.0, "x", "", [1, "x", nil, 2.5, [true]], ["k": false], ["nested": ["a": [1]]],
    ]

    func testValuesSurviveTheRoundTripAndPrintAsTheSDKPrintsThem() {
        for value in samples {
            let neutral = ToolValue(value)
            XCTAssertEqual(Value(neutral), value)
            XCTAssertEqual(neutral.description, value.description, "argument errors quote this text")
            XCTAssertEqual(ToolValue.array([neutral]).description, Value.array([value]).description)
        }
    }

    func testADataURLTheSDKDecodedComesBackAsItsText() throws {
        let decoded = try JSONDecoder().decode(Value.self, from: Data(#""data:text/plain;base64,aGk=""#.utf8))
        guard case .data = decoded else { return XCTFail("the SDK no longer decodes data URLs: \(decoded)") }
        XCTAssertEqual(ToolValue(decoded), .string(decoded.description))
    }

    func testAResultMapsToOneTextBlockWithStructuredContentOnlyOnSuccess() {
        let success = ToolResult(text: "ok", structured: ["n": 1], isError: false).callToolResult
        XCTAssertEqual(success.content, [Tool.Content.text(text: "ok", annotations: nil, _meta: nil)])
        XCTAssertEqual(success.structuredContent, ["n": 1])
        XCTAssertEqual(success.isError, false)
        let failure = ToolResult(text: "no", structured: nil, isError: true).callToolResult
        XCTAssertNil(failure.structuredContent)
        XCTAssertEqual(failure.isError, true)
    }

    func testAnEntryBecomesAnMCPToolWithItsHints() {
        let table = ToolTable(
            gateway: .init(configStore: .init(path: "/nonexistent/hosts.json"), transport: SSHConnectionPool()),
            spill: OutputSpill(inlineBytes: 1000, environment: [:]))
        for entry in table.tools {
            let tool = entry.mcpTool
            XCTAssertEqual(tool.name, entry.name)
            XCTAssertEqual(tool.title, entry.title)
            XCTAssertEqual(tool.description, entry.description)
            XCTAssertEqual(tool.inputSchema, Value(entry.inputSchema))
            XCTAssertEqual(tool.outputSchema, Value(entry.outputSchema))
            XCTAssertEqual(tool.annotations.title, entry.annotations.title)
            XCTAssertEqual(tool.annotations.readOnlyHint, entry.annotations.readOnly)
            XCTAssertEqual(tool.annotations.destructiveHint, entry.annotations.destructive)
            XCTAssertEqual(tool.annotations.idempotentHint, entry.annotations.idempotent)
            XCTAssertEqual(tool.annotations.openWorldHint, entry.annotations.openWorld)
        }
    }
}
