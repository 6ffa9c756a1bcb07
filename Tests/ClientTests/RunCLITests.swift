import Foundation
import SandboxSSHD
import TestProcesses
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
    private func runTool(_ arguments: [String], stdin: String = "") throws -> ProgramOutput {
        let sandbox = try sandbox
        return try BuiltBinaries.run(
            "ssh-for-agents-run", arguments,
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
        for options in [
            ["--config", Self.workDirectory + "/hosts.json"], ["--config=" + Self.workDirectory + "/hosts.json"], ["--"],
        ] {
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
        let explained = try runTool(["check", "--explain", "rm -rf /"])
        XCTAssertEqual(explained.status, 11, explained.stderr)
        XCTAssertTrue(explained.stdout.contains("decided: rm.root (block, built-in: "), explained.stdout)
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
    /// Issue 16: `run` passes output on as it arrives. The remote command prints a line and then
    /// waits until the test has seen that line (a marker file the test creates), so it can only
    /// finish if the line came through while it was still running; without streaming it gives up
    /// after 30 s with status 3. Nothing here measures time.
    func testRunStreamsOutputWhileTheCommandRuns() throws {
        let sandbox = try sandbox
        let marker = "/tmp/sfa-stream-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltBinaries.directory + "/ssh-for-agents-run")
        process.arguments = [
            "sandbox",
            "echo first; i=0; while [ ! -e \(marker) ]; do i=$((i+1)); [ $i -gt 300 ] && exit 3; sleep 0.1; done; echo second",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(["SANDBOX_KEY_PASSPHRASE": sandbox.ed25519Passphrase]) {
            $1
        }
        process.currentDirectoryURL = URL(fileURLWithPath: Self.workDirectory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("first\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break } // the end of output: the command finished without streaming
            seen += chunk
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: marker, contents: Data()))
        seen += output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "the command saw the marker only after its first line arrived")
        XCTAssertEqual(String(decoding: seen, as: UTF8.self), "first\nsecond\n")
    }
    /// Issue 16: `run --json` prints the fields of run_command's structured result, before or
    /// after the verb, and still exits with the remote status.
    func testRunJSONHasTheToolsFields() throws {
        for arguments in [
            ["sandbox", "echo out; echo err >&2; exit 3", "--json"],
            ["--json", "run", "sandbox", "echo out; echo err >&2; exit 3"],
        ] {
            let output = try runTool(arguments)
            XCTAssertEqual(output.status, 3, "\(arguments): \(output.stderr)")
            XCTAssertEqual(output.stdout.filter { $0 == "\n" }.count, 1, "one object on one line: \(output.stdout)")
            let object = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], output.stdout)
            XCTAssertEqual(object["host"] as? String, "sandbox")
            XCTAssertEqual(object["command"] as? String, "echo out; echo err >&2; exit 3")
            XCTAssertEqual(object["exit_status"] as? Int, 3)
            XCTAssertEqual(object["timed_out"] as? Bool, false)
            XCTAssertNotNil(object["duration_ms"] as? Double)
            XCTAssertEqual((object["stdout"] as? [String: Any])?["text"] as? String, "out\n")
            XCTAssertEqual((object["stderr"] as? [String: Any])?["text"] as? String, "err\n")
            XCTAssertEqual((object["verdict"] as? [String: Any])?["decision"] as? String, "allow")
            XCTAssertEqual(output.stderr, "", "the streams are in the object, not printed")
        }
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
