import AgentContracts
import EnforcerCore
import Foundation
import TestProcesses
import XCTest

/// sftp, git and rsync through the enforcer, with the real clients.
final class TransferTests: XCTestCase {
    private func sftp(_ server: EnforcedServer, _ batch: String) throws -> EnforcedServer.Output {
        let batchFile = server.directory.path + "/batch"
        try Data(batch.utf8).write(to: URL(fileURLWithPath: batchFile))
        let sandbox = server.sandbox
        return try LocalProgram.run(
            "/usr/bin/sftp",
            [
                "-F", "/dev/null", "-P", String(sandbox.port), "-i", sandbox.ecdsaKeyPath, "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none", "-o", "UserKnownHostsFile=\(sandbox.knownHostsPath)", "-o", "BatchMode=yes",
                "-b", batchFile, server.destination,
            ])
    }

    func testSFTPReadsInGuardedAndReadonlyAndWritesOnlyInGuarded() async throws {
        let server = try await EnforcedServer.start()
        XCTAssertEqual(try server.ssh("echo remote > ~/sftp-source.txt").status, 0)
        let local = server.directory.path
        let read = try sftp(server, "ls\nget sftp-source.txt \(local)/got.txt\nput \(server.policyPath) uploaded.json\n")
        XCTAssertEqual(read.status, 0, read.stderr)
        XCTAssertTrue(read.stdout.contains("sftp-source.txt"), read.stdout)
        XCTAssertEqual(try String(contentsOfFile: local + "/got.txt", encoding: .utf8), "remote\n")
        XCTAssertEqual(try server.ssh("test -e ~/uploaded.json && echo yes").stdout, "yes\n")

        try server.writePolicy(mode: "readonly")
        let readonly = try sftp(server, "ls\nget sftp-source.txt \(local)/got2.txt\n")
        XCTAssertEqual(readonly.status, 0, readonly.stderr)
        XCTAssertEqual(try String(contentsOfFile: local + "/got2.txt", encoding: .utf8), "remote\n")
        let write = try sftp(server, "put \(server.policyPath) readonly-upload.json\n")
        XCTAssertNotEqual(write.status, 0)
        XCTAssertTrue(write.stderr.lowercased().contains("permission denied"), write.stderr)
        XCTAssertEqual(try server.ssh("ls ~/readonly-upload.json 2>/dev/null; echo done").stdout, "done\n")
        let session = try XCTUnwrap(try server.auditRecords().last { $0.command.hasSuffix("sftp-server") })
        XCTAssertEqual(session.event, .end)
    }

    func testGitCloneWorksAndPushNeedsApproval() async throws {
        let server = try await EnforcedServer.start(mode: "unrestricted")
        XCTAssertEqual(try server.ssh("rm -rf ~/repo.git && git init -q --bare ~/repo.git").status, 0)
        try server.writePolicy(mode: "guarded")
        let work = server.directory.path
        let git = { (arguments: [String], directory: String) in
            try LocalProgram.run(
                "/usr/bin/git", arguments,
                environment: [
                    "GIT_SSH_COMMAND": server.sshCommandLine, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": work,
                ], currentDirectory: directory)
        }
        let clone = try git(["clone", "-q", "\(server.destination):repo.git", work + "/clone"], work)
        XCTAssertEqual(clone.status, 0, clone.stderr)
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: work + "/clone/README"))
        XCTAssertEqual(try git(["add", "README"], work + "/clone").status, 0)
        XCTAssertEqual(try git(["commit", "-q", "-m", "first"], work + "/clone").status, 0)

        let refused = try git(["push", "-q", "origin", "HEAD:main"], work + "/clone")
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains(EnforcerRule.remoteWrite.rawValue), refused.stderr)
        XCTAssertEqual(try server.auditRecords().last?.decision, .needsConfirmation)

        try server.writePolicy(mode: "readonly")
        let readonly = try git(["push", "-q", "origin", "HEAD:main"], work + "/clone")
        XCTAssertTrue(readonly.stderr.contains("readonly mode allows no writes"), readonly.stderr)

        try server.writePolicy(mode: "unrestricted")
        let pushed = try git(["push", "-q", "origin", "HEAD:main"], work + "/clone")
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        try server.writePolicy(mode: "readonly")
        let again = try git(["clone", "-q", "-b", "main", "\(server.destination):repo.git", work + "/again"], work)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try String(contentsOfFile: work + "/again/README", encoding: .utf8), "hello\n")
    }

    func testRsyncPullsAndUploadNeedsApproval() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/rsync") else {
            throw XCTSkip("rsync is not installed (scripts/install-deps.sh installs it)")
        }
        let server = try await EnforcedServer.start(mode: "readonly")
        let setUp = try server.ssh("mkdir -p ~/data/sub && echo one > ~/data/a.txt && echo two > ~/data/sub/b.txt")
        XCTAssertEqual(setUp.refusal?.decision, .block, "readonly must refuse the setup itself")
        try server.writePolicy(mode: "guarded")
        XCTAssertEqual(try server.ssh("mkdir -p ~/data/sub && echo one > ~/data/a.txt && echo two > ~/data/sub/b.txt").status, 0)
        try server.writePolicy(mode: "readonly")
        let local = server.directory.path + "/pulled"
        let pull = try LocalProgram.run(
            "/usr/bin/rsync", ["-a", "-e", server.sshCommandLine, "\(server.destination):data/", local + "/"])
        XCTAssertEqual(pull.status, 0, pull.stderr)
        XCTAssertEqual(try String(contentsOfFile: local + "/sub/b.txt", encoding: .utf8), "two\n")

        try server.writePolicy(mode: "guarded")
        let upload = try LocalProgram.run(
            "/usr/bin/rsync", ["-a", "-e", server.sshCommandLine, local + "/", "\(server.destination):uploaded/"])
        XCTAssertNotEqual(upload.status, 0)
        XCTAssertTrue(upload.stderr.contains(EnforcerRule.remoteWrite.rawValue), upload.stderr)
        XCTAssertEqual(try server.ssh("test -e ~/uploaded || echo absent").stdout, "absent\n")
    }
}
