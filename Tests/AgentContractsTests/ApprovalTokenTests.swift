import AgentContracts
import Crypto
import XCTest

final class ApprovalTokenTests: XCTestCase {
    let key = SymmetricKey(data: Array("0123456789abcdef0123456789abcdef".utf8))
    let subject = ApprovalToken.Subject(user: "agent", hostAlias: "web", command: "rm -rf /tmp/build")

    func testSignedTokenVerifiesAfterTravellingAsText() throws {
        let token = ApprovalToken.signed(subject, expiry: 2_000, key: key)
        XCTAssertTrue(token.text.hasPrefix("v1.2000."))
        XCTAssertFalse(token.text.contains(" ") || token.text.contains("="), token.text)
        let parsed = try ApprovalToken(parsing: token.text)
        XCTAssertEqual(parsed, token)
        XCTAssertNoThrow(try parsed.verify(subject, key: key, now: 1_999))
    }

    func testEditedForgedExpiredAndUnsignedTokensFail() throws {
        let token = ApprovalToken.signed(subject, expiry: 2_000, key: key)
        var edited = subject
        edited.command = "rm -rf /tmp/build /etc"
        XCTAssertThrowsError(try token.verify(edited, key: key, now: 1_000)) {
            XCTAssertEqual($0 as? ApprovalToken.Failure, .badSignature)
        }
        var otherHost = subject
        otherHost.hostAlias = "db"
        XCTAssertThrowsError(try token.verify(otherHost, key: key, now: 1_000)) {
            XCTAssertEqual($0 as? ApprovalToken.Failure, .badSignature)
        }
        let otherKey = SymmetricKey(data: Array("another key, another key, 32 by".utf8))
        XCTAssertThrowsError(try token.verify(subject, key: otherKey, now: 1_000)) {
            XCTAssertEqual($0 as? ApprovalToken.Failure, .badSignature)
        }
        XCTAssertThrowsError(try token.verify(subject, key: key, now: 2_000)) {
            XCTAssertEqual($0 as? ApprovalToken.Failure, .expired(expiry: 2_000, now: 2_000))
        }
        // A later expiry written into the text invalidates the MAC.
        let stretched = token.text.replacing("v1.2000.", with: "v1.9000.")
        XCTAssertThrowsError(try ApprovalToken(parsing: stretched).verify(subject, key: key, now: 1_000)) {
            XCTAssertEqual($0 as? ApprovalToken.Failure, .badSignature)
        }
        let unsigned = ApprovalToken.unsigned(expiry: 2_000)
        XCTAssertThrowsError(try ApprovalToken(parsing: unsigned.text).verify(subject, key: key, now: 1_000)) {
            XCTAssertEqual($0 as? ApprovalToken.Failure, .unsigned)
        }
    }

    /// Moving bytes from one field to the next must change the MAC (fields are length-prefixed).
    func testFieldBoundariesAreBound() {
        let nonce = ApprovalToken.newNonce()
        let a = ApprovalToken.signed(.init(user: "agent", hostAlias: "web", command: "ls"), expiry: 5, nonce: nonce, key: key)
        let b = ApprovalToken.signed(.init(user: "agen", hostAlias: "tweb", command: "ls"), expiry: 5, nonce: nonce, key: key)
        XCTAssertNotEqual(a.text, b.text)
    }

    func testMalformedTokensAreRefused() {
        for text in [
            "", "v1", "v1.10.abc.def", "x1.10.0123456789abcdef0123456789abcdef", "u1.-5.0123456789abcdef0123456789abcdef",
            "v1.10.0123456789abcdef0123456789abcdef.not+base64url", "u1.10.0123456789abcdef0123456789abcdef.extra",
        ] {
            XCTAssertThrowsError(try ApprovalToken(parsing: text), text) {
                XCTAssertEqual($0 as? ApprovalToken.Failure, .malformed)
            }
        }
    }

    func testNoncesAreFreshHex() {
        let nonces = (0..<50).map { _ in ApprovalToken.newNonce() }
        XCTAssertEqual(Set(nonces).count, 50)
        XCTAssertTrue(nonces.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}
