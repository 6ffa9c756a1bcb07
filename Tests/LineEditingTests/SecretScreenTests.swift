import XCTest

@testable import LineEditing

final class SecretScreenTests: XCTestCase {
    func testOrdinaryRequestsAreKept() {
        let screen = SecretScreen(secrets: ["s3cr3t-value"])
        for line in [
            "how full are the disks on web-staging?", "restart nginx on prod", "why did the deploy token expire",
            "list /var/log/secrets", "ask", "what is skew-1234 doing",
        ] {
            XCTAssertTrue(screen.mayKeep(line), line)
        }
    }

    func testKnownSecretsKeywordsAndTokenShapesAreNot() {
        let screen = SecretScreen(secrets: ["s3cr3t-value", "ab"])
        XCTAssertFalse(screen.mayKeep("log in with s3cr3t-value please"))
        XCTAssertTrue(screen.mayKeep("ab is too short to count as a secret"))
        for line in [
            " leading space keeps it out", "Password: hunter2", "api_key = 123", "passphrase='x y'", "TOKEN=abc",
            "ghp_0123456789abcdef is mine", "key AKIAABCDEFGHIJKLMNOP", "-----BEGIN RSA PRIVATE KEY-----",
        ] {
            XCTAssertFalse(screen.mayKeep(line), line)
        }
    }
}
