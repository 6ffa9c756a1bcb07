import XCTest

@testable import EnforcerCore

#if canImport(Glibc)
    import Glibc
#endif

/// The account is read from /etc/passwd itself (the static binary has no NSS): the right line,
/// whatever else the file holds.
final class AccountNameTests: XCTestCase {
    func testTheLineWithTheUIDNamesTheAccount() {
        let passwd = Array(
            """
            root:x:0:0:root:/root:/bin/bash
            # a comment:x:1001:
            ag:x:10010:10010::/home/ag:/bin/sh
            agent:x:1001:1001:Agent,,,:/home/agent:/bin/sh
            broken-line
            ::1002:1002::/:/bin/sh
            """.utf8)
        XCTAssertEqual(AccountName.name(ofUID: 0, inPasswd: passwd), "root")
        XCTAssertEqual(AccountName.name(ofUID: 1001, inPasswd: passwd), "agent", "not the prefix 10010, not the comment")
        XCTAssertEqual(AccountName.name(ofUID: 10010, inPasswd: passwd), "ag")
        XCTAssertNil(AccountName.name(ofUID: 1002, inPasswd: passwd), "an empty name is no name")
        XCTAssertNil(AccountName.name(ofUID: 4242, inPasswd: passwd))
        XCTAssertNil(AccountName.name(ofUID: 0, inPasswd: []))
    }

    func testTheRunningAccountIsFoundAsGetpwuidFindsIt() throws {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else {
            throw XCTSkip("this account has no passwd entry")
        }
        XCTAssertEqual(AccountName.current, String(cString: name))
    }
}
