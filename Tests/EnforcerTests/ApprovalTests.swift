import AgentContracts
import AgentPolicy
import Crypto
import XCTest

@testable import EnforcerCore

/// Token outcomes: unsigned without a key; with a key only a valid, unexpired, unused signed token.
final class ApprovalTests: XCTestCase {
    let key = SymmetricKey(data: Array("0123456789abcdef0123456789abcdef".utf8))
    let subject = ApprovalToken.Subject(user: "agent", hostAlias: "web1", command: "rm -rf /srv/old")
    let now: Int64 = 1_800_000_000

    private func status(_ token: String?, key: SymmetricKey?, subject: ApprovalToken.Subject? = nil, nonces: NonceStore)
        -> TokenStatus
    {
        TokenStatus.check(token, subject: subject ?? self.subject, key: key, nonces: nonces, now: now)
    }

    func testWithoutAKeyAnUnsignedTokenCounts() throws {
        let directory = try TemporaryDirectory()
        let nonces = NonceStore(directory: directory.path)
        let token = ApprovalToken.unsigned(expiry: now + 60)
        XCTAssertEqual(status(token.text, key: nil, nonces: nonces), .unsigned(tokenID: token.nonce))
        XCTAssertEqual(status(nil, key: nil, nonces: nonces), .absent)
        guard case .refused(let why) = status(ApprovalToken.unsigned(expiry: now - 1).text, key: nil, nonces: nonces) else {
            return XCTFail()
        }
        XCTAssertTrue(why.contains("expired"), why)
        guard case .refused = status("u1.nonsense", key: nil, nonces: nonces) else { return XCTFail() }
    }

    func testWithAKeyOnlyAValidUnusedSignedTokenCounts() throws {
        let directory = try TemporaryDirectory()
        let nonces = NonceStore(directory: directory.path)
        let token = ApprovalToken.signed(subject, expiry: now + 60, key: key)
        XCTAssertEqual(status(token.text, key: key, nonces: nonces), .signed(tokenID: token.nonce))

        func why(_ status: TokenStatus) -> String {
            if case .refused(let why) = status { return why }
            return "not refused: \(status)"
        }
        XCTAssertTrue(why(status(token.text, key: key, nonces: nonces)).contains("replayed"))
        var edited = subject
        edited.command = "rm -rf /srv"
        XCTAssertTrue(
            why(status(ApprovalToken.signed(subject, expiry: now + 60, key: key).text, key: key, subject: edited, nonces: nonces))
                .contains("does not match"))
        let forged = ApprovalToken.signed(
            subject, expiry: now + 60, key: SymmetricKey(data: Array("another key, another key, 32 by".utf8)))
        XCTAssertTrue(why(status(forged.text, key: key, nonces: nonces)).contains("does not match"))
        XCTAssertTrue(
            why(status(ApprovalToken.signed(subject, expiry: now - 5, key: key).text, key: key, nonces: nonces)).contains(
                "expired"))
        XCTAssertTrue(
            why(status(ApprovalToken.unsigned(expiry: now + 60).text, key: key, nonces: nonces)).contains("only signed"))
    }

    func testExpiredNoncesArePruned() throws {
        let directory = try TemporaryDirectory()
        let nonces = NonceStore(directory: directory.path)
        try nonces.consume(nonce: String(repeating: "a", count: 32), expiry: now - 10, now: now - 20)
        try nonces.consume(nonce: String(repeating: "b", count: 32), expiry: now + 10, now: now - 20)
        try nonces.consume(nonce: String(repeating: "c", count: 32), expiry: now + 10, now: now)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(),
            [String(repeating: "b", count: 32), String(repeating: "c", count: 32)])
        XCTAssertThrowsError(try nonces.consume(nonce: String(repeating: "b", count: 32), expiry: now + 10, now: now)) {
            XCTAssertEqual($0 as? NonceStore.Failure, .replayed)
        }
    }

    func testTheVerdictDecidesWhetherATokenMatters() {
        let confirm = Verdict(
            decision: .needsConfirmation, segments: [],
            reasons: [Reason(rule: "rm.recursive", message: "recursive delete", decision: .needsConfirmation)])
        let block = Verdict(
            decision: .block, segments: [], reasons: [Reason(rule: "rm.root", message: "deletes /", decision: .block)])
        let allow = Verdict(decision: .allow, segments: [], reasons: [])

        XCTAssertEqual(ApprovalOutcome.decide(verdict: allow, mode: .guarded, token: .absent), .run(.init(kind: .none)))
        XCTAssertEqual(
            ApprovalOutcome.decide(verdict: confirm, mode: .guarded, token: .signed(tokenID: "n")),
            .run(.init(kind: .signed, tokenID: "n")))
        XCTAssertEqual(
            ApprovalOutcome.decide(verdict: confirm, mode: .guarded, token: .unsigned(tokenID: "n")),
            .run(.init(kind: .unsigned, tokenID: "n")))
        // A blocked command never runs, token or not.
        guard case .refuse(let blocked, _) = ApprovalOutcome.decide(verdict: block, mode: .guarded, token: .signed(tokenID: "n"))
        else { return XCTFail() }
        XCTAssertEqual(blocked.rules, ["rm.root"])
        guard
            case .refuse(let missing, let confirmation) = ApprovalOutcome.decide(verdict: confirm, mode: .guarded, token: .absent)
        else { return XCTFail() }
        XCTAssertEqual(missing.decision, .needsConfirmation)
        XCTAssertEqual(missing.rules, ["rm.recursive", EnforcerRule.confirmationRequired.rawValue])
        XCTAssertNotNil(missing.hint)
        XCTAssertEqual(confirmation.kind, .refused)
        guard
            case .refuse(let bad, let badConfirmation) = ApprovalOutcome.decide(
                verdict: confirm, mode: .guarded, token: .refused(why: "replayed"))
        else { return XCTFail() }
        XCTAssertEqual(bad.rules, ["rm.recursive", EnforcerRule.approvalRefused.rawValue])
        XCTAssertEqual(badConfirmation, .init(kind: .refused, why: "replayed"))
    }
}
