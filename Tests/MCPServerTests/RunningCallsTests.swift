// The router's running calls: one per request id, cancelled calls send nothing, and a call that
// is winding down never answers for, or removes, a later call with the same id.
import Foundation
import MCP
import Synchronization
import XCTest

@testable import MCPServer

final class RunningCallsTests: XCTestCase {
    private final class Outbox: Sendable {
        private let sent = Mutex<[String]>([])
        func send(_ data: Data) { sent.withLock { $0.append(String(decoding: data, as: UTF8.self)) } }
        var messages: [String] { sent.withLock { $0 } }

        func waitFor(_ count: Int) async {
            let deadline = ContinuousClock.now + .seconds(5)
            while messages.count < count, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(2)) }
        }
    }

    func testASecondCallWithAnIdInFlightIsRefused() async {
        let calls = RunningCalls()
        let outbox = Outbox()
        XCTAssertTrue(
            calls.start(.number(1), send: outbox.send) {
                try? await Task.sleep(for: .seconds(30))
                return Task.isCancelled ? nil : Data("late".utf8)
            })
        XCTAssertFalse(calls.start(.number(1), send: outbox.send) { Data("second".utf8) })
        XCTAssertTrue(calls.cancel(.number(1)))
        XCTAssertFalse(calls.cancel(.number(1)), "already gone")
    }

    func testACancelledCallSendsNothingAndItsReusedIdIsAnswered() async {
        let calls = RunningCalls()
        let outbox = Outbox()
        let cancelledCallEnded = Mutex(false)
        XCTAssertTrue(
            calls.start(.string("a"), send: outbox.send) {
                // Even a cancelled call that still produces an answer must not send it.
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(1)) }
                try? await Task.sleep(for: .milliseconds(50)) // still winding down when the id is reused
                cancelledCallEnded.withLock { $0 = true }
                return Data("from the cancelled call".utf8)
            })
        XCTAssertTrue(calls.cancel(.string("a")))
        XCTAssertTrue(
            calls.start(.string("a"), send: outbox.send) {
                while !cancelledCallEnded.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(1)) }
                return Data("from the new call".utf8)
            })
        await outbox.waitFor(1)
        try? await Task.sleep(for: .milliseconds(50))
        XCTAssertEqual(outbox.messages, ["from the new call"])
    }
}
