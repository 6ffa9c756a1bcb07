import AgentContracts
import XCTest

final class ReservedLineTests: XCTestCase {
    func testExecLineRoundTripsAndLeavesTheCommandExact() throws {
        let line = ReservedLine.exec(id: "00ab34cd56ef7890", approval: "u1.1767300000.0123456789abcdef0123456789abcdef")
        XCTAssertEqual(line.text, "trap : EXIT # ssh-for-agents/1 exec id=00ab34cd56ef7890 approval=u1.1767300000.0123456789abcdef0123456789abcdef")
        let command = "cat <<'EOF' > /tmp/x\n  two  spaces\nEOF\n"
        let parsed = try XCTUnwrap(ReservedLine.parse(line.prefixing(command)))
        XCTAssertEqual(parsed.line, line)
        XCTAssertEqual(String(parsed.command), command)
        XCTAssertEqual(parsed.line.value("id"), "00ab34cd56ef7890")
    }

    func testProbeIsAWholeCommand() throws {
        let parsed = try XCTUnwrap(ReservedLine.parse(ReservedLine.probe.text))
        XCTAssertEqual(parsed.line.verb, .probe)
        XCTAssertEqual(parsed.command, "")
    }

    func testParseIsStrict() {
        for text in ["trap : EXIT # ssh-for-agents/1 exec id=a id2", "trap : EXIT # ssh-for-agents/x exec", "trap : EXIT # ssh-for-agents/1 launch",
                     " trap : EXIT # ssh-for-agents/1 exec id=1", "trap : EXIT # ssh-for-agents/1 exec id=a=b", "trap : EXIT # ssh-for-agents/0 exec",
                     "ls\ntrap : EXIT # ssh-for-agents/1 exec id=1", ": ssh-for-agents confirm x"] {
            XCTAssertNil(ReservedLine.parse(text), text)
        }
    }

    /// Everything parse accepts, claims must catch (else a caller could forge an approval), and more.
    func testClaimsCoversEveryParsedLineAndTheOldForms() {
        let parsed = [ReservedLine.exec(id: "1").text, ReservedLine.probe.text, ReservedLine(verb: .audit, fields: [("since", "1h")]).text]
        for text in parsed + [": ssh-for-agents confirm abc", "\t: ssh-for-agents", "# ssh-for-agents/1 exec id=1", "trap '' EXIT # ssh-for-agents"] {
            XCTAssertTrue(ReservedLine.claims(text + "\nls"), text)
        }
        for text in ["echo ssh-for-agents", "ls # ssh-for-agents", "ls\n: ssh-for-agents probe", "trap : EXIT", ": nothing"] {
            XCTAssertFalse(ReservedLine.claims(text), text)
        }
    }
}
