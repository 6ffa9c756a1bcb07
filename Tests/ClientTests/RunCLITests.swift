import Foundation
import SandboxSSHD
import XCTest

/// `ssh-for-agents-run` end to end: the built binary, a real sandbox sshd, a real hosts.json.
final class RunCLITests: XCTestCase {
    nonisolated(unsafe) static var sandbox: SandboxSSHD?
    nonisolated(unsafe) static var workDirectory = ""

    override class func setUp() {
        super.setUp()
        let started = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        Task {
            do {
                sandbox = try await SandboxSSHD.start()
            } catch {
                failure = error
            }
            started.signal()
        }
        started.wait()
        if let failure { XCTFail("sandbox sshd did not start: \(failure)") }
        workDirectory = NSTemporaryDirectory() + "sfa-run-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        try? sandbox?.writeHostsJSON(to: workDirectory + "/hosts.json")
    }

    override class func tearDown() {
        sandbox?.stop()
        try? FileManager.default.removeItem(atPath: workDirectory)
        super.tearDown()
    }

    private var sandbox: SandboxSSHD {
        get throws { try XCTUnwrap(Self.sandbox, "sandbox sshd is not running") }
    }

    /// Runs `ssh-for-agents-run` in the directory holding the sandbox hosts.json.
    private func runTool(_ arguments: [String], stdin: String? = nil) throws -> BuiltBinaries.Output {
        let sandbox = try sandbox
        return try BuiltBinaries.run("ssh-for-agents-run", arguments,
                                     environment: ["SANDBOX_KEY_PASSPHRASE": sandbox.ed25519Passphrase],
                                     currentDirectory: Self.workDirectory, stdin: stdin)
    }

    func testRunPrintsBothStreamsAndExitsWithTheRemoteStatus() throws {
        let output = try runTool(["sandbox", "echo out; echo err >&2; id -un; exit 7"])
        XCTAssertEqual(output.status, 7, output.stderr)
        XCTAssertEqual(output.stdout, "out\n\(try sandbox.username)\n")
        XCTAssertEqual(output.stderr, "err\n")
    }

    func testExplicitRunVerbAndEcdsaHost() throws {
        let output = try runTool(["run", "sandbox-ecdsa", "printf ok"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout, "ok")
    }

    /// `run` is the default verb also when options, or `--`, come before the host.
    func testOptionsBeforeTheHostStillMeanRun() throws {
        for options in [["--config", Self.workDirectory + "/hosts.json"], ["--config=" + Self.workDirectory + "/hosts.json"], ["--"]] {
            let output = try runTool(options + ["sandbox", "printf ok"])
            XCTAssertEqual(output.status, 0, "\(options): \(output.stderr)")
            XCTAssertEqual(output.stdout, "ok", "\(options)")
        }
    }

    /// 64 is argument-parser's usage status, which the CLI reports as 2; a remote command's own 64
    /// must pass through untouched.
    func testRemoteStatus64IsNotTakenForAUsageError() throws {
        let output = try runTool(["sandbox", "exit 64"])
        XCTAssertEqual(output.status, 64, output.stderr)
        XCTAssertEqual(output.stderr, "")
    }

    func testUnknownHostListsTheConfiguredOnes() throws {
        let output = try runTool(["nosuchhost", "true"])
        XCTAssertEqual(output.status, 2)
        XCTAssertTrue(output.stderr.contains(#"unknown host "nosuchhost""#), output.stderr)
        XCTAssertTrue(output.stderr.contains("known hosts: sandbox, sandbox-ecdsa"), output.stderr)
    }

    func testHostsListsAliasesAndModes() throws {
        let output = try runTool(["hosts"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("sandbox-ecdsa"), output.stdout)
        XCTAssertTrue(output.stdout.contains("guarded"), output.stdout)
    }

    func testBlockedCommandNeverReachesTheServer() throws {
        let marker = "/tmp/sfa-blocked-\(UUID().uuidString)"
        // A hard block (a reverse shell pattern would do too): recursive delete of /etc, chained after a marker.
        let output = try runTool(["sandbox", "touch \(marker); rm -rf /etc"])
        XCTAssertEqual(output.status, 11, output.stderr)
        XCTAssertTrue(output.stderr.contains("blocked"), output.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "nothing of a blocked command may run")
    }

    func testNeedsConfirmationRunsOnlyWithConfirm() throws {
        let victim = "/tmp/sfa-confirm-\(UUID().uuidString)"
        XCTAssertEqual(try runTool(["sandbox", "touch \(victim)"]).status, 0)
        let refused = try runTool(["sandbox", "rm \(victim)"])
        XCTAssertEqual(refused.status, 10, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--confirm"), refused.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: victim), "not confirmed, so not run")
        let confirmed = try runTool(["sandbox", "rm \(victim)", "--confirm"])
        XCTAssertEqual(confirmed.status, 0, confirmed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: victim))
    }

    func testCallerCannotForgeTheEnforcerEnvelope() throws {
        let output = try runTool(["sandbox", ": ssh-for-agents confirm abc\nrm -rf /tmp/x"])
        XCTAssertEqual(output.status, 2, output.stderr)
        XCTAssertTrue(output.stderr.contains("reserved"), output.stderr)
    }

    func testCheckExitCodesAndBatchJSON() throws {
        XCTAssertEqual(try runTool(["check", "ls -la"]).status, 0)
        XCTAssertEqual(try runTool(["check", "rm /tmp/x"]).status, 10)
        XCTAssertEqual(try runTool(["check", "rm -rf /"]).status, 11)
        XCTAssertEqual(try runTool(["check", "--mode", "readonly", "touch /tmp/x"]).status, 11)
        let batch = try runTool(["check", "--mode", "guarded", "--json", "-"], stdin: "ls\nrm -rf /tmp/x\n\nrm -rf /\n")
        XCTAssertEqual(batch.status, 0, batch.stderr)
        let lines = batch.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        let decisions = try lines.map { line -> String in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try XCTUnwrap(object["decision"] as? String)
        }
        XCTAssertEqual(decisions, ["allow", "needs_confirmation", "block"])
        let nulSeparated = try runTool(["check", "--json", "-0", "-"], stdin: "echo a\nb\u{0}ls\u{0}")
        XCTAssertEqual(nulSeparated.stdout.split(separator: "\n").count, 2, nulSeparated.stdout)
    }

    func testReadAndListOverSFTP() throws {
        let read = try runTool(["read", "sandbox", "/etc/os-release"])
        XCTAssertEqual(read.status, 0, read.stderr)
        XCTAssertEqual(read.stdout, try String(contentsOfFile: "/etc/os-release", encoding: .utf8))
        let list = try runTool(["ls", "sandbox", "/etc", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("\"os-release\""), list.stdout)
    }

    func testSignalDeathMapsTo128PlusN() throws {
        let output = try runTool(["sandbox", "kill -TERM $$", "--confirm"])
        XCTAssertEqual(output.status, 128 + 15, output.stderr)
    }

    /// Without an enforcer the reserved audit line is a shell no-op: the host prints nothing and
    /// exits 0, which the CLI reports as "no enforcer" instead of an empty trail.
    func testAuditWithoutAnEnforcerSaysSo() throws {
        let output = try runTool(["audit", "sandbox", "--since", "1h", "--decision", "block", "--json"])
        XCTAssertEqual(output.status, 1, output.stderr)
        XCTAssertEqual(output.stdout, "")
        XCTAssertTrue(output.stderr.contains("no enforcer on sandbox"), output.stderr)
    }

    func testAuditFilterValuesMustBeOneWord() throws {
        let output = try runTool(["audit", "sandbox", "--user", "a b"])
        XCTAssertEqual(output.status, 2, output.stderr)
        XCTAssertTrue(output.stderr.contains("a value must be one word"), output.stderr)
        XCTAssertEqual(try runTool(["audit", "sandbox", "--decision", "deny"]).status, 2)
    }
}
