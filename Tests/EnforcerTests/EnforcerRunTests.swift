import AgentContracts
import AgentPolicy
import EnforcerCore
import Foundation
import XCTest

/// The run path through a real sshd with the enforcer as ForceCommand, driven by the plain `ssh`
/// client: what runs, what is refused and how, what the audit trail says.
final class EnforcerRunTests: XCTestCase {
    func testAnAllowedCommandRunsWithItsStdinAndExitStatus() async throws {
        let server = try await EnforcedServer.start()
        let output = try server.ssh(
            "cat; echo; echo \"pager=$PAGER ld=${LD_PRELOAD-unset} path=$PATH\"; exit 3",
            stdin: "from stdin", extra: ["-o", "SetEnv=LD_PRELOAD=/tmp/x.so"])
        XCTAssertEqual(output.status, 3, output.stderr)
        XCTAssertEqual(output.stdout, "from stdin\npager=cat ld=unset path=/usr/local/bin:/usr/bin:/bin\n")
        let records = try server.auditRecords()
        XCTAssertEqual(records.map(\.event), [.decision, .end])
        XCTAssertEqual(records.first?.decision, .allow)
        XCTAssertEqual(records.first?.user, server.sandbox.username)
        XCTAssertEqual(records.first?.sourceAddress, "127.0.0.1")
        XCTAssertEqual(records.last?.exitStatus, 3)
        XCTAssertNotNil(records.last?.durationMs)
        XCTAssertEqual(records.first?.execID, records.last?.execID)
    }

    func testAConfirmNeedingCommandIsRefusedWithoutAnApproval() async throws {
        let server = try await EnforcedServer.start()
        XCTAssertEqual(try server.ssh("mkdir -p ~/victim && touch ~/victim/file").status, 0)
        let output = try server.ssh("rm -rf ~/victim")
        XCTAssertEqual(output.status, EnforcerRefusal.exitStatus)
        let refusal = try XCTUnwrap(output.refusal, output.stderr)
        XCTAssertEqual(refusal.decision, .needsConfirmation)
        XCTAssertEqual(refusal.rules.last, EnforcerRule.confirmationRequired.rawValue)
        XCTAssertNotNil(refusal.hint)
        XCTAssertTrue(output.stderr.contains("not run (needs_confirmation, mode guarded)"), output.stderr)
        XCTAssertEqual(try server.ssh("test -e ~/victim/file && echo still there").stdout, "still there\n")
        let refused = try XCTUnwrap(try server.auditRecords().last { $0.command == "rm -rf ~/victim" })
        XCTAssertEqual(refused.decision, .needsConfirmation)
        XCTAssertEqual(refused.confirmation.kind, .refused)
    }

    func testAnUnsignedApprovalRunsItWhenTheServerHasNoKey() async throws {
        let server = try await EnforcedServer.start()
        XCTAssertEqual(try server.ssh("mkdir -p ~/victim").status, 0)
        let token = ApprovalToken.unsigned(expiry: Int64(Date().timeIntervalSince1970) + 60)
        let output = try server.ssh(
            ReservedLine.exec(id: "feedc0de", approval: token.text).prefixing("rm -rf ~/victim && echo gone"))
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout, "gone\n")
        let decision = try XCTUnwrap(try server.auditRecords().first { $0.execID == "feedc0de" })
        XCTAssertEqual(decision.confirmation, AuditRecord.Confirmation(kind: .unsigned, tokenID: token.nonce))
        XCTAssertEqual(decision.command, "rm -rf ~/victim && echo gone")
    }

    func testABlockedCommandNeverRunsTokenOrNot() async throws {
        let server = try await EnforcedServer.start()
        let token = ApprovalToken.unsigned(expiry: Int64(Date().timeIntervalSince1970) + 60)
        for command in [
            "echo ran > ~/blocked-ran; rm -rf /",
            ReservedLine.exec(id: "b1", approval: token.text).prefixing("echo ran > ~/blocked-ran; rm -rf /"),
        ] {
            let output = try server.ssh(command)
            XCTAssertEqual(output.refusal?.decision, .block, output.stderr)
        }
        XCTAssertEqual(try server.ssh("test -e ~/blocked-ran || echo absent").stdout, "absent\n")
        XCTAssertTrue(try server.auditRecords().contains { $0.decision == .block && $0.execID == "b1" })
    }

    func testTheStdinFormRunsExactlyTheAnnouncedBytes() async throws {
        let server = try await EnforcedServer.start()
        let command = "read line; echo \"got:$line\""
        let line = ReservedLine.execFromStdin(id: "5d1", bytes: command.utf8.count)
        let output = try server.ssh(
            line.prefixing(ReservedLine.stdinLoader(bytes: command.utf8.count)), stdin: command + "payload\n")
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout, "got:payload\n")
        XCTAssertEqual(try server.auditRecords().first?.command, command)
        let short = try server.ssh(line.prefixing(ReservedLine.stdinLoader(bytes: command.utf8.count)), stdin: "read")
        XCTAssertEqual(short.refusal?.rules, [EnforcerRule.commandIncomplete.rawValue], short.stderr)
    }

    func testReservedLinesItCannotReadAndLoginsAreRefused() async throws {
        let server = try await EnforcedServer.start()
        let future = try server.ssh(ReservedLine(verb: .exec, fields: [("id", "a")], version: 2).prefixing("true"))
        XCTAssertEqual(future.refusal?.rules, [EnforcerRule.reservedLineInvalid.rawValue], future.stderr)
        let malformed = try server.ssh("trap : EXIT # ssh-for-agents/1 exec id=\nrm -rf ~/x")
        XCTAssertEqual(malformed.refusal?.rules, [EnforcerRule.reservedLineInvalid.rawValue], malformed.stderr)
        let login = try server.ssh(nil)
        XCTAssertEqual(login.refusal?.rules, [EnforcerRule.interactiveLogin.rawValue], login.stderr)
    }

    func testAnAuditLineReadsOnlyTheEnforcersOwnLog() async throws {
        let server = try await EnforcedServer.start()
        let output = try server.ssh(ReservedLine(verb: .audit, fields: [("file", "/etc/shadow")]).text)
        XCTAssertEqual(output.refusal?.rules, [EnforcerRule.auditScope.rawValue], output.stderr)
        XCTAssertEqual(try server.auditRecords().last?.decision, .block)
    }

    func testItFailsClosed() async throws {
        let server = try await EnforcedServer.start()
        func refusedRule(_ setUp: () throws -> Void) throws -> (String?, String) {
            try setUp()
            let output = try server.ssh("echo ran")
            XCTAssertEqual(output.stdout, "", "a command ran: \(output.stderr)")
            XCTAssertEqual(output.status, EnforcerRefusal.exitStatus, output.stderr)
            return (output.refusal?.rules.first, output.stderr)
        }
        let policy = server.policyPath
        var (rule, stderr) = try refusedRule {
            try server.writePolicyText(#"{"mode": "guarded", "audit": {"file": "\#(server.auditPath)"}, "moed": 1}"#)
        }
        XCTAssertEqual(rule, EnforcerRule.policyUnavailable.rawValue)
        XCTAssertTrue(stderr.contains("unknown key \\\"moed\\\"") || stderr.contains("unknown key \"moed\""), stderr)
        (rule, stderr) = try refusedRule { try server.writePolicyText("{not json") }
        XCTAssertEqual(rule, EnforcerRule.policyUnavailable.rawValue)
        (rule, stderr) = try refusedRule {
            try server.writePolicy(mode: "guarded")
            chmod(policy, 0o666)
        }
        XCTAssertEqual(rule, EnforcerRule.policyUnavailable.rawValue)
        XCTAssertTrue(stderr.contains("world-writable"), stderr)
        (rule, stderr) = try refusedRule {
            try server.writePolicy(mode: "guarded")
            chown(policy, server.accountIDs.uid, 0)
        }
        XCTAssertTrue(stderr.contains("can write it"), stderr)
        (rule, stderr) = try refusedRule { unlink(policy) }
        XCTAssertEqual(rule, EnforcerRule.policyUnavailable.rawValue)
        XCTAssertTrue(stderr.contains("does not exist"), stderr)
        (rule, stderr) = try refusedRule {
            try server.writePolicy(mode: "guarded")
            chown(server.auditPath, 0, 0)
            chmod(server.auditPath, 0o644)
        }
        XCTAssertEqual(rule, EnforcerRule.auditUnavailable.rawValue)
        XCTAssertTrue(stderr.contains("nothing runs unrecorded"), stderr)
    }

    func testTheProbeAnswersWithVersionModeAndDigest() async throws {
        let server = try await EnforcedServer.start(mode: "readonly")
        let output = try server.ssh(ReservedLine.probe.text)
        XCTAssertEqual(output.status, 0, output.stderr)
        let reply = try XCTUnwrap(ProbeReply.find(inStdout: Array(output.stdout.utf8)), output.stdout)
        XCTAssertEqual(reply.version, EnforcerVersion.current)
        XCTAssertEqual(reply.mode, .readonly)
        XCTAssertEqual(
            reply.policyDigest, KeyFingerprint.hexDigest(of: try Data(contentsOf: URL(fileURLWithPath: server.policyPath))))
        XCTAssertFalse(reply.signedApprovals)
        XCTAssertEqual(try server.auditRecords().last?.command, ReservedLine.probe.text)
    }

    func testCancelEndsTheCommandsProcessGroup() async throws {
        let server = try await EnforcedServer.start()
        // A fresh id: a shell left behind by an earlier run must not be the one that matches.
        let id = String(UInt64.random(in: 1 ... .max), radix: 16)
        let marker = server.sandbox.homeDirectory + "/started-" + id
        let started = Date()
        let running = try StartedSSH(
            server, ReservedLine.exec(id: id).prefixing("touch ~/started-\(id); sleep 60 & sleep 61; echo not-cancelled"))
        defer { _ = try? server.ssh(ReservedLine.cancelCommand(id: id)) }
        // Until the shell runs (the home directory is on this machine).
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: marker) {
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: marker), "the command never started")
        let cancel = try server.ssh(ReservedLine.cancelCommand(id: id))
        XCTAssertEqual(cancel.status, 0, cancel.stderr)
        let output = try running.wait()
        XCTAssertEqual(output.status, 128 + SIGTERM, output.stderr)
        XCTAssertFalse(output.stdout.contains("not-cancelled"))
        XCTAssertEqual(
            try server.ssh("pgrep -u \"$(id -u)\" -c -f 'sleep 6[01]' || true").stdout, "0\n",
            "the background sleep outlived the cancel")
        let end = try XCTUnwrap(try server.auditRecords().first { $0.execID == id && $0.event == .end })
        XCTAssertEqual(end.signal, "TERM")
        XCTAssertTrue(try server.auditRecords().contains { $0.command == ReservedLine.cancel(id: id).text })
        print("cancel: command ended \(Date().timeIntervalSince(started)) s after it was started")
    }

    /// sshd's signals reach the enforcer, which passes them to the command's whole group and still
    /// writes the end record.
    func testTheEnforcerPassesTERMToTheCommandsGroup() async throws {
        let server = try await EnforcedServer.start()
        let id = String(UInt64.random(in: 1 ... .max), radix: 16)
        let marker = server.sandbox.homeDirectory + "/started-" + id
        let running = try StartedSSH(server, ReservedLine.exec(id: id).prefixing("touch ~/started-\(id); sleep 60 & sleep 61"))
        defer { _ = try? server.ssh(ReservedLine.cancelCommand(id: id)) }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: marker) {
            try await Task.sleep(for: .milliseconds(100))
        }
        let enforcers = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap(pid_t.init).filter { pid in
            let arguments =
                (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) }
                ?? ""
            return arguments.hasPrefix(server.binary + "\0")
        }
        XCTAssertEqual(enforcers.count, 1, "enforcers running: \(enforcers)")
        guard let enforcer = enforcers.first else { return }
        kill(enforcer, SIGTERM)
        let output = try running.wait()
        XCTAssertEqual(output.status, 128 + SIGTERM, output.stderr)
        XCTAssertEqual(
            try server.ssh("pgrep -u \"$(id -u)\" -c -f 'sleep 6[01]' || true").stdout, "0\n",
            "the background sleep outlived the signal")
        let end = try XCTUnwrap(try server.auditRecords().first { $0.execID == id && $0.event == .end })
        XCTAssertEqual(end.signal, "TERM")
        XCTAssertEqual(end.exitStatus, 128 + SIGTERM)
    }

    func testCancelLeavesOtherCommandsAlone() async throws {
        let server = try await EnforcedServer.start()
        let running = try StartedSSH(
            server, ReservedLine.exec(id: "keep\(UInt32.random(in: 1 ... .max))").prefixing("sleep 2; echo survived"))
        try await Task.sleep(for: .milliseconds(500))
        // An id that is a prefix of the running one's must not match it.
        XCTAssertEqual(try server.ssh(ReservedLine.cancelCommand(id: "keep")).status, 0)
        let output = try running.wait()
        XCTAssertEqual(output.stdout, "survived\n", output.stderr)
    }
}

/// An `ssh` started now and waited for later (spawned on the test's own thread, so it is running
/// when the next line runs; its output is small enough for the pipe buffers).
final class StartedSSH {
    private let process = Process()
    private let out = Pipe(), err = Pipe()

    init(_ server: EnforcedServer, _ command: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
        process.arguments = server.sandbox.sshCommandArguments(extra: ["-T", "-n"]) + [command]
        process.standardOutput = out
        process.standardError = err
        try process.run()
    }

    func wait() throws -> EnforcedServer.Output {
        process.waitUntilExit()
        return EnforcedServer.Output(
            status: process.terminationStatus,
            stdout: String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}
