import AgentContracts
import Crypto
import XCTest

final class ApprovalKeyTests: XCTestCase {
    let subject = ApprovalToken.Subject(user: "agent", hostAlias: "web", command: "rm -rf /tmp/build")
    let raw: [UInt8] = (0..<32).map { UInt8($0 * 7 & 0xff) }

    /// The same key written as hex (the install script's form) and as base64 signs the same tokens.
    func testHexAndBase64SpellTheSameKey() throws {
        let hex = raw.map { String(format: "%02x", $0) }.joined()
        let base64 = Data(raw).base64EncodedString()
        let fromHex = try ApprovalKey.parse(hex + "\n")
        let fromBase64 = try ApprovalKey.parse("  " + base64)
        let token = ApprovalToken.signed(subject, expiry: 2_000, key: fromHex)
        XCTAssertNoThrow(try token.verify(subject, key: fromBase64, now: 1_000))
        XCTAssertNoThrow(try token.verify(subject, key: SymmetricKey(data: raw), now: 1_000))
    }

    func testShortEmptyAndBinaryKeysAreRefusedWithoutQuotingThem() {
        XCTAssertThrowsError(try ApprovalKey.parse(" \n")) { XCTAssertEqual($0 as? ApprovalKey.Problem, .empty) }
        XCTAssertThrowsError(try ApprovalKey.parse("abcd1234")) { XCTAssertEqual($0 as? ApprovalKey.Problem, .tooShort(bytes: 4)) }
        let secretLooking = "not a key: hunter2 hunter2 hunter2 hunter2"
        XCTAssertThrowsError(try ApprovalKey.parse(secretLooking)) { error in
            XCTAssertEqual(error as? ApprovalKey.Problem, .notText)
            XCTAssertFalse("\(error)".contains("hunter2"))
        }
    }
}
