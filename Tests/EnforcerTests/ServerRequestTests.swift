import XCTest

@testable import EnforcerCore

/// What OpenSSH clients send for sftp, git, rsync and scp, and what is deliberately not taken for it.
final class ServerRequestTests: XCTestCase {
    typealias Transfer = ServerRequest.Transfer

    private func access(_ command: String) -> Transfer.Access? {
        if case .transfer(let transfer)? = ServerRequest.recognise(command) { return transfer.access }
        return nil
    }

    func testRecognisesTheSFTPSubsystem() {
        XCTAssertEqual(ServerRequest.recognise("/usr/lib/openssh/sftp-server"), .sftp(arguments: []))
        XCTAssertEqual(
            ServerRequest.recognise("/usr/libexec/openssh/sftp-server -l INFO -f AUTHPRIV"),
            .sftp(arguments: ["-l", "INFO", "-f", "AUTHPRIV"]))
        XCTAssertEqual(ServerRequest.recognise("internal-sftp -R"), .sftp(arguments: ["-R"]))
        // An option sftp-server has that we do not vouch for, or a relative path: not the subsystem.
        XCTAssertNil(ServerRequest.recognise("/usr/lib/openssh/sftp-server -Q requests"))
        XCTAssertNil(ServerRequest.recognise("sftp-server"))
        XCTAssertNil(ServerRequest.recognise("/usr/lib/openssh/sftp-server; rm -rf ~"))
    }

    func testGitIsJudgedByDirection() {
        XCTAssertEqual(
            ServerRequest.recognise("git-upload-pack 'repo.git'"),
            .transfer(Transfer(tool: .git, access: .read, paths: ["repo.git"], action: "git fetch")))
        XCTAssertEqual(
            ServerRequest.recognise("git upload-archive '/srv/r'"),
            .transfer(Transfer(tool: .git, access: .read, paths: ["/srv/r"], action: "git archive")))
        XCTAssertEqual(
            ServerRequest.recognise("git-receive-pack '~/it'\\''s.git'"),
            .transfer(Transfer(tool: .git, access: .write, paths: ["~/it's.git"], action: "git push")))
        XCTAssertNil(ServerRequest.recognise("git-upload-pack 'a' 'b'"))
        XCTAssertNil(ServerRequest.recognise("git-upload-pack --upload-pack=evil x"))
        XCTAssertNil(ServerRequest.recognise("git-upload-pack \"repo\""))
        XCTAssertNil(ServerRequest.recognise("git-upload-pack 'repo' && touch x"))
        XCTAssertNil(ServerRequest.recognise("git-upload-pack $(id)"))
        XCTAssertNil(ServerRequest.recognise("git-upload-pack 'repo'\ntouch x"))
    }

    func testRsyncPullReadsAndUploadWrites() {
        XCTAssertEqual(
            ServerRequest.recognise("rsync --server --sender -vlogDtpre.iLsfxCIvu . /data/"),
            .transfer(Transfer(tool: .rsync, access: .read, paths: ["/data/"], action: "rsync pull")))
        XCTAssertEqual(
            ServerRequest.recognise("rsync --server --sender -logDtpre.iLsfxCIvu --timeout=30 . a b\\ c"),
            .transfer(Transfer(tool: .rsync, access: .read, paths: ["a", "b c"], action: "rsync pull")))
        XCTAssertEqual(
            ServerRequest.recognise("rsync --server -vlogDtpre.iLsfxCIvu . /srv/in"),
            .transfer(Transfer(tool: .rsync, access: .write, paths: ["/srv/in"], action: "rsync upload")))
        // A pull that deletes or writes on this side is a write.
        XCTAssertEqual(access("rsync --server --sender -logDtpre.iLsfxCIvu --remove-source-files . /data"), .write)
        XCTAssertEqual(access("rsync --server --sender -logDtpr --log-file=/home/a/.profile . /data"), .write)
        // --protect-args hides the real paths inside the protocol; --daemon is not a transfer.
        XCTAssertNil(ServerRequest.recognise("rsync --server --sender -vlogDtprse.iLsfxCIvu . /data"))
        XCTAssertNil(ServerRequest.recognise("rsync --server --daemon . /data"))
        XCTAssertNil(ServerRequest.recognise("rsync --server --sender -vr . *.txt"))
        XCTAssertNil(ServerRequest.recognise("rsync -av /a /b"))
    }

    func testScpDownloadReadsAndUploadWrites() {
        XCTAssertEqual(
            ServerRequest.recognise("scp -f -- /etc/hosts"),
            .transfer(Transfer(tool: .scp, access: .read, paths: ["/etc/hosts"], action: "scp download")))
        XCTAssertEqual(
            ServerRequest.recognise("scp -v -r -d -t -- /srv/in"),
            .transfer(Transfer(tool: .scp, access: .write, paths: ["/srv/in"], action: "scp upload")))
        XCTAssertNil(ServerRequest.recognise("scp -f -t x"))
        XCTAssertNil(ServerRequest.recognise("scp -S /tmp/evil -f x"))
        XCTAssertNil(ServerRequest.recognise("scp /a /b"))
    }

    func testAnOrdinaryCommandIsNotATransfer() {
        XCTAssertNil(ServerRequest.recognise("ls -la"))
        XCTAssertNil(ServerRequest.recognise(""))
    }
}
