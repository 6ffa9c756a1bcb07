import AgentContracts
import XCTest

final class ReservedLineTests: XCTestCase {
    func testExecLineRoundTripsAndLeavesTheCommandExact() throws {
        let line = ReservedLine.exec(id: "00ab34cd56ef7890", approval: "u1.1767300000.0123456789abcdef0123456789abcdef")
        XCTAssertEqual(
            line.text,
            "trap : EXIT # ssh-for-agents/1 exec id=00ab34cd56ef7890 approval=u1.1767300000.0123456789abcdef0123456789abcdef")
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
        for text in [
            "trap : EXIT # ssh-for-agents/1 exec id=a id2", "trap : EXIT # ssh-for-agents/x exec",
            "trap : EXIT # ssh-for-agents/1 launch",
            " trap : EXIT # ssh-for-agents/1 exec id=1", "trap : EXIT # ssh-for-agents/1 exec id=a=b",
            "trap : EXIT # ssh-for-agents/0 exec",
            "ls\ntrap : EXIT # ssh-for-agents/1 exec id=1", ": ssh-for-agents confirm x",
        ] {
            XCTAssertNil(ReservedLine.parse(text), text)
        }
    }

    /// Everything parse accepts, claims must catch (else a caller could forge an approval), and more.
    func testClaimsCoversEveryParsedLineAndTheOldForms() {
        let parsed = [
            ReservedLine.exec(id: "1").text, ReservedLine.probe.text, ReservedLine(verb: .audit, fields: [("since", "1h")]).text,
        ]
        for text in parsed + [
            ": ssh-for-agents confirm abc", "\t: ssh-for-agents", "# ssh-for-agents/1 exec id=1", "trap '' EXIT # ssh-for-agents",
        ] {
            XCTAssertTrue(ReservedLine.claims(text + "\nls"), text)
        }
        for text in ["echo ssh-for-agents", "ls # ssh-for-agents", "ls\n: ssh-for-agents probe", "trap : EXIT", ": nothing"] {
            XCTAssertFalse(ReservedLine.claims(text), text)
        }
    }

    /// A long command's line carries its byte count; where no enforcer is installed, /bin/sh runs the
    /// loader after it, which must run exactly those bytes (here a real sh, with more on stdin after).
    func testStdinLineRoundTripsAndItsLoaderRunsExactlyTheBytes() throws {
        let command = "printf '%s\\n' \"one two\"\ncat <<EOF\nheredoc $((1+1))\nEOF\n"
        let bytes = Array(command.utf8).count
        let line = ReservedLine.execFromStdin(id: "00ff", bytes: bytes, approval: "u1.1.abc")
        let (parsed, body) = try XCTUnwrap(ReservedLine.parse(line.prefixing(ReservedLine.stdinLoader(bytes: bytes))))
        XCTAssertEqual(parsed.stdinBytes, bytes)
        XCTAssertEqual(parsed.value("approval"), "u1.1.abc")
        XCTAssertNil(ReservedLine.exec(id: "1").stdinBytes)

        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", line.prefixing(String(body))]
        let input = Pipe()
        let output = Pipe()
        shell.standardInput = input
        shell.standardOutput = output
        try shell.run()
        input.fileHandleForWriting.write(Data(command.utf8))
        input.fileHandleForWriting.closeFile()
        shell.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(printed, "one two\nheredoc 2\n")
        XCTAssertEqual(shell.terminationStatus, 0)
    }
}
