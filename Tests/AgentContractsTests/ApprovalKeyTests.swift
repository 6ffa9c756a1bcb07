import AgentContracts
import Crypto
import XCTest

final class ApprovalKeyTests: XCTestCase {
    let subject = ApprovalToken.Subject(user: "agent", hostAlias: "web", command: "rm -rf /tmp/build")
    let text = "4f1c0e9ab2d37d5e8c6a1b0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807"

    /// The key file's bytes (with the newline `openssl rand -hex 32 > key` leaves) and the
    /// environment variable's text are the same key: a token one end signs, the other verifies.
    func testTheFileAndTheVariableSpellTheSameKey() throws {
        let fromFile = try ApprovalKey.key(fromText: Array((text + "\n").utf8))
        let fromVariable = try ApprovalKey.key(fromText: text)
        let token = ApprovalToken.signed(subject, expiry: 2_000, key: fromVariable)
        XCTAssertNoThrow(try token.verify(subject, key: fromFile, now: 1_000))
        let other = try ApprovalKey.key(fromText: String(text.reversed()))
        XCTAssertThrowsError(try token.verify(subject, key: other, now: 1_000))
    }

    func testShortAndEmptyKeysAreRefusedWithoutQuotingThem() {
        for short in ["", " \n", "hunter2hunter2"] {
            XCTAssertThrowsError(try ApprovalKey.key(fromText: short)) { error in
                guard case .tooShort = error as? ApprovalKey.Problem else { return XCTFail("\(error)") }
                XCTAssertFalse("\(error)".contains("hunter2"))
            }
        }
    }
}
