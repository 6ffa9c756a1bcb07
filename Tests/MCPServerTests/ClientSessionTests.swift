// The session's stages and its input: the era is fixed once, "can elicit" exists only after an
// initialize, and a question waiting on closed input is let go.
import Foundation
import Synchronization
import XCTest

@testable import MCPServer

final class ClientSessionTests: XCTestCase {
    func testTheFirstRequestFixesTheEraForGood() {
        let session = ClientSession()
        XCTAssertNil(session.settleEra(nil).era, "an unusable first request chooses nothing")
        XCTAssertEqual(session.stage, .awaitingFirstRequest)
        let first = session.settleEra(.stateless)
        XCTAssertEqual(first.era, .stateless)
        XCTAssertTrue(first.settledNow)
        let later = session.settleEra(.handshake)
        XCTAssertEqual(later.era, .stateless)
        XCTAssertFalse(later.settledNow)
        session.initializeRead(canElicit: true)
        XCTAssertEqual(session.stage, .stateless, "a stateless session never becomes initialized")
        XCTAssertFalse(session.clientCanElicit)
    }

    func testOnlyTheFirstInitializeCounts() {
        let session = ClientSession()
        XCTAssertTrue(session.settleEra(.handshake).settledNow)
        XCTAssertEqual(session.stage, .awaitingInitialize)
        XCTAssertFalse(session.clientCanElicit)
        session.initializeRead(canElicit: true)
        session.initializeRead(canElicit: false)
        XCTAssertEqual(session.stage, .initialized(clientCanElicit: true))
        XCTAssertEqual(session.era, .handshake)
    }

    func testClosingTheInputRunsWaitingActionsOnceAndLaterOnesAtOnce() {
        let session = ClientSession()
        let runs = Mutex<[String]>([])
        _ = session.whenInputCloses { runs.withLock { $0.append("waiting") } }
        let forgotten = session.whenInputCloses { runs.withLock { $0.append("forgotten") } }
        session.forgetInputCloseAction(forgotten)
        XCTAssertEqual(runs.withLock { $0 }, [])
        session.inputClosed()
        session.inputClosed()
        XCTAssertEqual(runs.withLock { $0 }, ["waiting"])
        _ = session.whenInputCloses { runs.withLock { $0.append("late") } }
        XCTAssertEqual(runs.withLock { $0 }, ["waiting", "late"], "nothing can answer any more")
    }
}
