import AgentContracts
import AgentPolicy
import Foundation
import XCTest

final class PolicyBlockTests: XCTestCase {
    private func block(_ json: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
    }

    /// The one reader of the policy block (PolicyConfig has no decoder of its own): snake_case keys, defaults.
    func testDecodesSnakeCaseWithDefaults() throws {
        let decoded = try PolicyBlock.read(block(#"{"mode": "readonly", "extra_denylist": ["x"]}"#), over: PolicySettings())
        XCTAssertEqual(decoded.engine, PolicyConfig(mode: .readonly, extraDenylist: ["x"]))
        XCTAssertEqual(try PolicyBlock.read(block("{}"), over: PolicySettings()).engine, PolicyConfig())
        XCTAssertEqual(try PolicyBlock.read(block("{}"), over: PolicySettings()), PolicySettings())
    }

    func testOverridesOnlyWhatItSets() throws {
        let base = PolicySettings(
            engine: PolicyConfig(mode: .readonly, extraReadonlyAllow: ["jq"]), maxOutputBytes: 10, defaultTimeoutSeconds: 3)
        let read = try PolicyBlock.read(block(#"{"default_timeout": 9.5}"#), over: base)
        XCTAssertEqual(read.engine, base.engine)
        XCTAssertEqual(read.maxOutputBytes, 10)
        XCTAssertEqual(read.defaultTimeoutSeconds, 9.5)
    }

    func testErrorsNameTheField() throws {
        let cases: [(String, String, String)] = [
            (
                #"{"mode": "paranoid"}"#, "policy.mode",
                "unknown mode \"paranoid\"; use one of readonly, cautious, guarded, unrestricted"
            ),
            (#"{"extra_denylist": "rm"}"#, "policy.extra_denylist", "expected an array of strings, got a string"),
            (#"{"max_output_bytes": 0}"#, "policy.max_output_bytes", "must be positive (got 0)"),
            (#"{"max_output_bytes": 1.5}"#, "policy.max_output_bytes", "expected a whole number, got 1.5"),
            (#"{"default_timeout": -1}"#, "policy.default_timeout", "must be a positive number of seconds"),
            (#"[]"#, "policy", "expected an object, got an array"),
        ]
        for (json, field, problem) in cases {
            XCTAssertThrowsError(try PolicyBlock.read(block(json), over: PolicySettings()), json) { error in
                XCTAssertEqual(error as? JSONFieldError, JSONFieldError(field: field, problem: problem), json)
            }
        }
    }
}
