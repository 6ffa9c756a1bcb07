// What the stdin reader decodes itself: arguments verbatim, and the 2026-07-28 envelope's rules.
import Foundation
import MCP
import XCTest

@testable import MCPServer

final class RoutingDecodingTests: XCTestCase {
    private func message(_ json: String) throws -> IncomingMessage {
        try JSONDecoder().decode(IncomingMessage.self, from: Data(json.utf8))
    }

    func testArgumentsArriveAsWrittenEvenWhenTheyLookLikeDataURLs() throws {
        let call = try message(
            #"""
            {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"run_command","arguments":
             {"command":"data:,echo%20hi","confirm":true,"timeout":2.5,"n":7,"none":null,"list":[1,"x"],"obj":{"k":false}}}}
            """#)
        let arguments = try XCTUnwrap(call.params?.arguments)
        XCTAssertEqual(arguments["command"], .string("data:,echo%20hi"))
        XCTAssertEqual(arguments["confirm"], .bool(true))
        XCTAssertEqual(arguments["timeout"], .double(2.5))
        XCTAssertEqual(arguments["n"], .int(7))
        XCTAssertEqual(arguments["none"], .null)
        XCTAssertEqual(arguments["list"], .array([.int(1), .string("x")]))
        XCTAssertEqual(arguments["obj"], .object(["k": .bool(false)]))
        XCTAssertEqual(call.id, .number(3))
        XCTAssertTrue(call.isRequest && call.isJSONRPC2)
    }

    func testEnvelopeProblemsGetTheRevisionsErrorCodes() throws {
        func envelope(_ meta: String) throws -> StatelessEnvelope {
            try StatelessEnvelope(
                message(#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":"# + meta + "}}").params?.meta)
        }
        XCTAssertThrowsError(try envelope("{}")) { error in
            let problem = error as? StatelessEnvelope.Problem
            XCTAssertEqual(problem?.code, -32602)
            XCTAssertTrue(problem?.message.contains("io.modelcontextprotocol/clientCapabilities") == true)
        }
        XCTAssertThrowsError(
            try envelope(
                #"{"io.modelcontextprotocol/protocolVersion":"2099-01-01","io.modelcontextprotocol/clientCapabilities":{}}"#)
        ) { error in
            let problem = error as? StatelessEnvelope.Problem
            XCTAssertEqual(problem?.code, -32022)
            XCTAssertEqual(problem?.data, ["supported": ["2026-07-28"], "requested": "2099-01-01"])
        }
        let plain = try envelope(
            #"{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#)
        XCTAssertFalse(plain.clientCanElicit)
        let form = try envelope(
            #"{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{"form":{},"url":{}}}}"#
        )
        XCTAssertTrue(form.clientCanElicit)
        let urlOnly = try envelope(
            #"{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{"url":{}}}}"#
        )
        XCTAssertFalse(urlOnly.clientCanElicit, "a URL-only client cannot show our yes/no form")
    }
}
