import XCTest

// The liveness bookkeeping of a connection, with the clock passed in: keepalives fall due after
// an interval of silence while busy, a stall is declared after the limit, and an idle connection
// owes nothing.
@testable import SSHTransport

final class HealthMonitorTests: XCTestCase {
    private let policy = ConnectionHealthPolicy(keepaliveInterval: .seconds(5), stallLimit: .seconds(15))

    func testABusyConnectionGetsKeepalivesThenIsDeclaredStalled() {
        let start = ContinuousClock.now
        var monitor = HealthMonitor(policy: policy)
        monitor.observe(receivedBytes: 0, busy: true, now: start)
        XCTAssertFalse(monitor.keepaliveDue(now: start + .seconds(4)))
        XCTAssertTrue(monitor.keepaliveDue(now: start + .seconds(5)))
        monitor.keepaliveSent(now: start + .seconds(5))
        XCTAssertFalse(monitor.keepaliveDue(now: start + .seconds(9)))
        XCTAssertNil(monitor.stalledFor(now: start + .seconds(14)))
        XCTAssertEqual(monitor.stalledFor(now: start + .seconds(16)), 16)
    }

    func testAnyByteFromTheServerResetsTheSilence() {
        let start = ContinuousClock.now
        var monitor = HealthMonitor(policy: policy)
        monitor.observe(receivedBytes: 0, busy: true, now: start)
        monitor.observe(receivedBytes: 64, busy: true, now: start + .seconds(12))
        XCTAssertNil(monitor.stalledFor(now: start + .seconds(20)))
        XCTAssertEqual(monitor.stalledFor(now: start + .seconds(27)), 15)
    }

    func testAnIdleConnectionIsNeverStalledAndBecomingBusyStartsTheClock() {
        let start = ContinuousClock.now
        var monitor = HealthMonitor(policy: policy)
        monitor.observe(receivedBytes: 0, busy: false, now: start)
        XCTAssertNil(monitor.stalledFor(now: start + .seconds(600)))
        XCTAssertFalse(monitor.keepaliveDue(now: start + .seconds(600)))
        XCTAssertNil(monitor.nextCheck)
        // Ten idle minutes later work arrives: the server gets its full allowance from now.
        monitor.observe(receivedBytes: 0, busy: true, now: start + .seconds(600))
        XCTAssertNil(monitor.stalledFor(now: start + .seconds(610)))
        XCTAssertNotNil(monitor.stalledFor(now: start + .seconds(615)))
    }
}
