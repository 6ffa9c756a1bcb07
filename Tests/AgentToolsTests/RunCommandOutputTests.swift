// What run_command says about how a command ended: "ended" only when that was confirmed.
import AgentPolicy
@testable import AgentTools
import Foundation
import XCTest

final class RunCommandOutputTests: XCTestCase {
    private func run(timedOut: Bool, flood: Bool = false, unconfirmed: Bool) -> RunCommandOutput {
        let stream = CommandRun.Stream(bytes: [], totalBytes: 0, capped: false)
        let command = CommandRun(host: "web", verdict: Verdict(decision: .allow, segments: [], reasons: []), approvedBy: nil,
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
}
