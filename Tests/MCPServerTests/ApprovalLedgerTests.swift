// Round-trip approval tickets (MCP 2026-07-28): single use, bound to host, destination and the
// command's exact bytes.
import AgentPolicy
import XCTest

@testable import Gateway
@testable import MCPServer

final class ApprovalLedgerTests: XCTestCase {
    private func question(_ command: String, host: String = "web", destination: String = "agent@web1:22") -> ConfirmationRequest {
        ConfirmationRequest(
            host: host, destination: destination, command: command,
            verdict: PolicyEngine().evaluate(command), setting: nil)
    }

    func testATicketApprovesItsOwnQuestionOnce() {
        let ledger = ApprovalLedger()
        let ticket = ledger.issue(for: question("rm -rf /tmp/x"))
        XCTAssertTrue(ledger.redeem(ticket, for: question("rm -rf /tmp/x")))
        XCTAssertFalse(ledger.redeem(ticket, for: question("rm -rf /tmp/x")), "a replay is asked again")
    }

    func testAnotherCommandHostOrDestinationDoesNotUseUpTheTicket() {
        let ledger = ApprovalLedger()
        let ticket = ledger.issue(for: question("rm -rf /tmp/x"))
        XCTAssertFalse(ledger.redeem(ticket, for: question("rm -rf /tmp/y")))
        XCTAssertFalse(ledger.redeem(ticket, for: question("rm -rf /tmp/x", host: "db")))
        XCTAssertFalse(
            ledger.redeem(ticket, for: question("rm -rf /tmp/x", destination: "agent@web2:22")),
            "the alias now points elsewhere")
        XCTAssertTrue(ledger.redeem(ticket, for: question("rm -rf /tmp/x")))
    }

    func testCanonicallyEquivalentCommandsAreDifferentCommands() {
        let asked = "rm -f /tmp/a\u{037E} reboot" // Greek question mark: one rm command for sh
        let edited = "rm -f /tmp/a; reboot" // two commands
        XCTAssertEqual(asked, edited, "Swift's == calls them equal, which is why the ledger compares bytes")
        let ledger = ApprovalLedger()
        XCTAssertFalse(ledger.redeem(ledger.issue(for: question(asked)), for: question(edited)))
    }

    func testMadeUpTicketsAndTheOldestOfTooManyAreRefused() {
        let ledger = ApprovalLedger()
        XCTAssertFalse(ledger.redeem("sfa-" + String(repeating: "0", count: 32), for: question("rm x")))
        let first = ledger.issue(for: question("rm 0"))
        let tickets = (1...ApprovalLedger.capacity).map { ledger.issue(for: question("rm \($0)")) }
        XCTAssertEqual(Set(tickets + [first]).count, ApprovalLedger.capacity + 1, "tickets are unique")
        XCTAssertFalse(ledger.redeem(first, for: question("rm 0")), "evicted to bound memory")
        XCTAssertTrue(ledger.redeem(tickets.last!, for: question("rm \(ApprovalLedger.capacity)")))
    }
}
