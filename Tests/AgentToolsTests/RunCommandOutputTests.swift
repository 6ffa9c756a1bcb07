// What run_command says about how a command ended: "ended" only when that was confirmed.
import AgentContracts
import AgentPolicy
import Foundation
import XCTest

@testable import AgentTools

final class RunCommandOutputTests: XCTestCase {
    private func run(timedOut: Bool, flood: Bool = false, unconfirmed: Bool) -> RunCommandOutput {
        let stream = CommandRun.Stream(bytes: [], totalBytes: 0, capped: false)
        let command = CommandRun(
            host: "web", verdict: Verdict(decision: .allow, segments: [], reasons: []), approvedBy: nil,
            stdout: stream, stderr: stream, exitStatus: nil, signal: nil, timedOut: timedOut,
            endedForOutputFlood: flood, endUnconfirmed: unconfirmed, duration: .seconds(5), serverRefusal: nil)
        let empty = StreamOutput(text: "", totalBytes: 0, capped: false, savedTo: nil, omittedBytes: 0)
        return RunCommandOutput(command, command: "sleep 100", stdout: empty, stderr: empty)
    }

    func testATimeoutWhoseEndWasConfirmedSaysEnded() {
        let output = run(timedOut: true, unconfirmed: false)
        XCTAssertTrue(output.text.hasPrefix("timed out; the command was ended"), output.text)
        guard case .object(let fields) = output.structured else { return XCTFail("not an object") }
        XCTAssertNil(fields["end_unconfirmed"])
    }

    func testAnUnconfirmedEndSaysItMayStillRun() {
        for output in [run(timedOut: true, unconfirmed: true), run(timedOut: false, flood: true, unconfirmed: true)] {
            XCTAssertFalse(output.text.contains("was ended"), output.text)
            XCTAssertTrue(output.text.contains("may still be running on the host"), output.text)
            guard case .object(let fields) = output.structured else { return XCTFail("not an object") }
            XCTAssertEqual(fields["end_unconfirmed"], .bool(true))
        }
    }

    /// A refusal by the server's enforcer reads as one, with its facts in `refused_by_server`.
    func testAServerRefusalIsNotReportedAsAFailedCommand() {
        let stream = CommandRun.Stream(bytes: [], totalBytes: 0, capped: false)
        let refusal = EnforcerRefusal(
            mode: .readonly, decision: .block,
            reasons: [Reason(rule: "readonly.not_allowlisted", message: "not read-only", decision: .block)])
        let command = CommandRun(
            host: "web", verdict: Verdict(decision: .allow, segments: [], reasons: []), approvedBy: nil,
            stdout: stream, stderr: stream, exitStatus: 77, signal: nil, timedOut: false,
            endedForOutputFlood: false, endUnconfirmed: false, duration: .seconds(1), serverRefusal: refusal)
        let empty = StreamOutput(text: "", totalBytes: 0, capped: false, savedTo: nil, omittedBytes: 0)
        let output = RunCommandOutput(command, command: "touch /tmp/x", stdout: empty, stderr: empty)
        XCTAssertTrue(
            output.text.hasPrefix("refused by the server's policy on web (enforcer mode readonly); not run: "), output.text)
        guard case .object(let fields) = output.structured, case .object(let refused)? = fields["refused_by_server"] else {
            return XCTFail("no refused_by_server in \(output.structured)")
        }
        XCTAssertEqual(refused["decision"], "block")
        XCTAssertEqual(refused["rules"], ["readonly.not_allowlisted"])
        XCTAssertEqual(refused["mode"], "readonly")
    }
}
