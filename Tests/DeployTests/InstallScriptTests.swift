import Foundation
import XCTest

/// deploy/install-enforcer.sh against a real sshd configuration (the sandbox's), with `--root`.
final class InstallScriptTests: XCTestCase {
    var fixture: DeployFixture!

    override func setUp() async throws { fixture = try await DeployFixture() }
    override func tearDown() async throws { fixture?.tearDown() }

    func testTheScriptIsShellcheckClean() throws {
        let shellcheck = "/usr/bin/shellcheck"
        guard FileManager.default.isExecutableFile(atPath: shellcheck) else {
            return XCTFail("shellcheck is missing: run scripts/install-deps.sh")
        }
        let output = try Program.run(shellcheck, [DeployFixture.scriptPath])
        XCTAssertEqual(output.status, 0, output.both)
    }

    func testDryRunPrintsThePlanAndChangesNothing() throws {
        let before = try fixture.sshdConfigBytes()
        let output = try fixture.install(["--dry-run"])
        XCTAssertEqual(output.status, 0, output.both)
        XCTAssertTrue(output.stdout.contains("would install enforcer \(fixture.enforcerPath)"), output.stdout)
        XCTAssertTrue(output.stdout.contains("would add \"Include \(fixture.snippetPath)\" at the top of"), output.stdout)
        XCTAssertTrue(output.stdout.contains("| Match User \(DeployFixture.account)"), "the snippet is shown: \(output.stdout)")
        XCTAssertTrue(output.stdout.contains("dry run:"), output.stdout)
        XCTAssertEqual(try fixture.sshdConfigBytes(), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: fixture.root), [], "nothing written under --root")
    }

    func testInstallTwiceIsNoChangeAndUninstallRestoresTheConfigByteForByte() throws {
        let before = try fixture.sshdConfigBytes()
        let first = try fixture.install()
        XCTAssertEqual(first.status, 0, first.both)
        XCTAssertTrue(first.stdout.contains("sshd configuration valid"), first.stdout)
        let config = String(decoding: try fixture.sshdConfigBytes(), as: UTF8.self)
        XCTAssertTrue(config.hasPrefix("# ssh-for-agents: "), config)
        XCTAssertTrue(config.hasSuffix(String(decoding: before, as: UTF8.self)), "the old config follows unchanged")

        // What sshd will do for the account, asked of sshd itself.
        let effective = try Program.run(
            "/usr/sbin/sshd",
            [
                "-T", "-f", fixture.sandbox.sshdConfigPath,
                "-C", "user=\(DeployFixture.account),host=x,addr=127.0.0.1",
            ])
        XCTAssertEqual(effective.status, 0, effective.both)
        for line in [
            "forcecommand exec \(fixture.enforcerPath) --policy \(fixture.policyPath)", "disableforwarding yes",
            "permittty no", "permituserrc no", "exposeauthinfo yes",
        ] {
            XCTAssertTrue(effective.stdout.split(separator: "\n").contains(Substring(line)), "sshd -T lacks \(line)")
        }
        let policy = try String(contentsOfFile: fixture.policyPath, encoding: .utf8)
        XCTAssertTrue(policy.contains(#""mode": "guarded""#) && policy.contains(#""host_alias": "sandbox""#), policy)
        XCTAssertTrue(policy.contains(#""audit": {"file": "\#(fixture.auditPath)", "syslog": true}"#), policy)
        XCTAssertEqual(try mode(fixture.enforcerPath), "2755 root:ssh-for-agents")
        XCTAssertEqual(try mode(fixture.auditPath), "660 root:ssh-for-agents")

        let second = try fixture.install()
        XCTAssertEqual(second.status, 0, second.both)
        XCTAssertEqual(second.stdout, "install-enforcer: no change\n")

        let installed = try fixture.sshdConfigBytes()
        let plan = try fixture.install(["--uninstall", "--dry-run"])
        XCTAssertEqual(plan.status, 0, plan.both)
        XCTAssertTrue(plan.stdout.contains("would remove the two ssh-for-agents lines at the top of"), plan.stdout)
        XCTAssertEqual(try fixture.sshdConfigBytes(), installed, "a dry run changes nothing")
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.snippetPath))

        let removed = try fixture.install(["--uninstall"])
        XCTAssertEqual(removed.status, 0, removed.both)
        XCTAssertEqual(try fixture.sshdConfigBytes(), before, "sshd_config is byte-identical after --uninstall")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.snippetPath))
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.enforcerPath))
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.auditPath), "the audit trail is kept")
        let again = try fixture.install(["--uninstall"])
        XCTAssertTrue(again.stdout.hasSuffix("install-enforcer: no change\n"), again.stdout)
    }

    func testAnotherSshdConfigNeverReloadsTheSystemsSshd() throws {
        let output = try fixture.install(reload: true)
        XCTAssertEqual(output.status, 0, output.both)
        XCTAssertTrue(
            output.stdout.contains("not reloading the system's sshd: \(fixture.sandbox.sshdConfigPath) is not its configuration"),
            output.stdout)
        XCTAssertFalse(output.stdout.contains("reloaded sshd"), output.stdout)
    }

    func testAConfigThatFailsValidationIsPutBack() throws {
        // The admin's main config includes a directory in which an earlier file already gives the
        // account another ForceCommand: sshd keeps the first value, so the enforcer would not run.
        let directory = fixture.root + "/etc/ssh/sshd_config.d"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "Match User \(DeployFixture.account)\n\tForceCommand /bin/sh\n".write(
            toFile: directory + "/00-other.conf", atomically: true, encoding: .utf8)
        let original = "Include \(directory)/*.conf\n" + String(decoding: try fixture.sshdConfigBytes(), as: UTF8.self)
        try original.write(toFile: fixture.sandbox.sshdConfigPath, atomically: true, encoding: .utf8)

        let output = try fixture.install()
        XCTAssertEqual(output.status, 1, output.both)
        XCTAssertTrue(output.stderr.contains("does not show \"forcecommand exec \(fixture.enforcerPath)"), output.stderr)
        XCTAssertTrue(output.stderr.contains("put back as it was"), output.stderr)
        XCTAssertEqual(String(decoding: try fixture.sshdConfigBytes(), as: UTF8.self), original)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.snippetPath), "the new snippet is gone again")
    }

    func testTheGuardrailFilesAreNotWritableByTheAgent() throws {
        let output = try fixture.install()
        XCTAssertEqual(output.status, 0, output.both)
        let home = fixture.sandbox.homeDirectory
        for path in [home + "/.ssh/authorized_keys", home + "/.profile", fixture.policyPath, fixture.auditPath] {
            let append = try fixture.asAgent("printf x >> '\(path)'")
            XCTAssertNotEqual(append.status, 0, "the agent could append to \(path)")
            XCTAssertTrue(append.stderr.contains("Permission denied"), "\(path): \(append.stderr)")
        }
        let replace = try fixture.asAgent("printf x > '\(home)/.ssh/k' && mv '\(home)/.ssh/k' '\(home)/.ssh/authorized_keys'")
        XCTAssertNotEqual(replace.status, 0, "the agent could replace authorized_keys: \(replace.both)")
        // The control: the agent can write its own files, so the refusals above are permissions.
        XCTAssertEqual(try fixture.asAgent("printf x > '\(home)/scratch' && rm '\(home)/scratch'").status, 0)
    }

    private func mode(_ path: String) throws -> String {
        try Program.run("/usr/bin/stat", ["-c", "%a %U:%G", path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// `--create-user` on an account that does not exist yet.
final class CreateUserTests: XCTestCase {
    let account = "sfa-deploy-new"

    override func tearDown() {
        _ = try? Program.run("/usr/sbin/userdel", ["-r", account])
    }

    func testTheAccountIsCreatedOnlyWhenAskedWithShAndNoPasswordButNotLocked() async throws {
        let fixture = try await DeployFixture()
        defer { fixture.tearDown() }
        _ = try? Program.run("/usr/sbin/userdel", ["-r", account])
        let arguments = [
            "--user", account, "--root", fixture.root, "--sshd-config", fixture.sandbox.sshdConfigPath,
            "--binary", DeployFixture.builtEnforcer, "--no-reload",
        ]

        let refused = try Program.run(DeployFixture.scriptPath, arguments)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(
            refused.stderr.contains("account \(account) does not exist; create it or pass --create-user"), refused.stderr)

        let created = try Program.run(DeployFixture.scriptPath, arguments + ["--create-user"])
        XCTAssertEqual(created.status, 0, created.both)
        let entry = try Program.run("/usr/bin/getent", ["passwd", account]).stdout
        XCTAssertTrue(entry.hasSuffix(":/bin/sh\n"), entry)
        let shadow = try Program.run("/usr/bin/getent", ["shadow", account]).stdout
        XCTAssertEqual(
            shadow.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first, "*",
            "no password, and not locked (\"!\" would make sshd refuse its keys)")
    }
}
