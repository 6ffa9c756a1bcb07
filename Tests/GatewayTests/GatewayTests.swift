// Gateway over the in-memory transport: policy → confirmation → transport, in milliseconds.
// The same paths run against a real sshd in ClientTests and the interop tests.
import AgentPolicy
import Foundation
import Gateway
import HostConfiguration
import InMemoryTransport
import RemoteAccess
import XCTest

final class GatewayTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private static let hosts = """
        {"hosts": {
           "web": {"hostname": "web.internal", "username": "agent", "port": 2222,
                   "policy": {"max_output_bytes": 4096, "default_timeout": 7}},
           "ro": {"hostname": "ro.internal", "username": "agent", "policy": {"mode": "readonly"}}
         }}
        """

    private func gateway(_ transport: InMemoryTransport, hosts: String = GatewayTests.hosts) throws -> Gateway {
        let path = directory.appendingPathComponent("hosts.json").path
        try hosts.write(toFile: path, atomically: true, encoding: .utf8)
        return Gateway(configStore: HostConfigStore(path: path, warningHandler: { _ in }), transport: transport)
    }

    // MARK: What reaches the transport

    func testAllowedCommandReachesTheTransportExactlyWithTheHostsLimits() async throws {
        let transport = InMemoryTransport()
        let outcome = try await gateway(transport).run(RunRequest(host: "web", command: "uptime"), confirmer: RefusingConfirmer())
        XCTAssertEqual(
            transport.calls, [.exec(host: "web.internal", command: "uptime", timeout: .seconds(7), maxOutputBytes: 4096)])
        XCTAssertEqual(outcome.verdict.decision, .allow)
        XCTAssertNil(outcome.approvedBy)
        XCTAssertEqual(String(decoding: outcome.result.stdout.bytes, as: UTF8.self), "uptime")
    }

    func testCallersTimeoutWinsOverTheHostDefault() async throws {
        let transport = InMemoryTransport()
        _ = try await gateway(transport).run(
            RunRequest(host: "web", command: "true", timeout: .seconds(2)), confirmer: RefusingConfirmer())
        XCTAssertEqual(
            transport.calls, [.exec(host: "web.internal", command: "true", timeout: .seconds(2), maxOutputBytes: 4096)])
    }

    func testBlockedCommandNeverReachesTheTransport() async throws {
        let transport = InMemoryTransport()
        let confirmer = RecordingConfirmer(answer: .approved(by: "test"))
        await assertGatewayError(
            try await gateway(transport).run(RunRequest(host: "web", command: "rm -rf /"), confirmer: confirmer)
        ) { error in
            guard case .blocked(let host, let verdict) = error else { return XCTFail("expected blocked, got \(error)") }
            XCTAssertEqual(host, "web")
            XCTAssertEqual(verdict.decision, .block)
        }
        XCTAssertEqual(transport.calls, [])
        XCTAssertTrue(confirmer.asked.isEmpty, "a block is never put to a human")
    }

    func testReadonlyHostBlocksAWriteBeforeTheTransport() async throws {
        let transport = InMemoryTransport()
        await assertGatewayError(
            try await gateway(transport).run(RunRequest(host: "ro", command: "touch /tmp/x"), confirmer: RefusingConfirmer())
        ) { error in
            guard case .blocked = error else { return XCTFail("expected blocked, got \(error)") }
        }
        XCTAssertEqual(transport.calls, [])
    }

    // MARK: Confirmation

    func testConfirmationIsAskedWithTheExactCommandAndDestinationThenRuns() async throws {
        let transport = InMemoryTransport()
        let confirmer = RecordingConfirmer(answer: .approved(by: "a human"))
        let outcome = try await gateway(transport).run(RunRequest(host: "web", command: "rm /tmp/x"), confirmer: confirmer)
        XCTAssertEqual(confirmer.asked.map(\.command), ["rm /tmp/x"])
        XCTAssertEqual(confirmer.asked.map(\.destination), ["agent@web.internal:2222"])
        XCTAssertEqual(confirmer.asked.first?.verdict.decision, .needsConfirmation)
        XCTAssertEqual(outcome.approvedBy, "a human")
        XCTAssertEqual(transport.calls.count, 1)
    }

    /// Issue 19, item 6: a carriage return, `ESC[2K` or a right-to-left override in the command
    /// would let it display as another command. The text a human approves spells each one out
    /// and says they are there; the command that runs is still the exact one.
    func testApprovalTextSpellsOutControlCharactersAndWarnsAboutThem() async throws {
        let transport = InMemoryTransport()
        let confirmer = RecordingConfirmer(answer: .approved(by: "a human"))
        let hostile = "rm -rf /tmp/cache\r\u{1B}[2Kls /tmp # \u{202E}txt.exe"
        _ = try await gateway(transport).run(RunRequest(host: "web", command: hostile), confirmer: confirmer)
        let request = try XCTUnwrap(confirmer.asked.first)
        XCTAssertEqual(request.command, hostile, "the request carries the exact command")
        let text = request.approvalText
        XCTAssertTrue(text.contains(#"rm -rf /tmp/cache\x0d\x1b[2Kls /tmp # \u{202E}txt.exe"#), text)
        XCTAssertTrue(
            text.contains("WARNING: this command contains 3 control or invisible characters (\\x0d, \\x1b, \\u{202E})"), text)
        XCTAssertFalse(
            text.unicodeScalars.contains { $0 == "\r" || $0 == "\u{1B}" || $0 == "\u{202E}" }, "nothing raw reaches the human")
        for line in request.visibleReasonLines {
            XCTAssertFalse(line.unicodeScalars.contains { $0 == "\r" || $0 == "\u{1B}" }, line)
        }
        XCTAssertEqual(transport.calls.count, 1)

        let plain = RecordingConfirmer(answer: .approved(by: "a human"))
        _ = try await gateway(transport).run(RunRequest(host: "web", command: "rm /tmp/x"), confirmer: plain)
        let plainText = try XCTUnwrap(plain.asked.first).approvalText
        XCTAssertTrue(plainText.contains("\n\nrm /tmp/x\n\n"), plainText)
        XCTAssertFalse(plainText.contains("WARNING"), plainText)
    }

    func testEveryAnswerButApprovalKeepsTheCommandFromTheTransport() async throws {
        let answers: [(ConfirmationAnswer, (GatewayError) -> Bool)] = [
            (.declined, { if case .confirmationDeclined = $0 { true } else { false } }),
            (.cancelled, { if case .confirmationCancelled = $0 { true } else { false } }),
            (.unavailable(reason: "no human"), { if case .confirmationUnavailable = $0 { true } else { false } }),
            (.pending, { if case .confirmationPending(let request) = $0 { request.command == "rm /tmp/x" } else { false } }),
        ]
        for (answer, expected) in answers {
            let transport = InMemoryTransport()
            let confirmer = RecordingConfirmer(answer: answer)
            await assertGatewayError(
                try await gateway(transport).run(RunRequest(host: "web", command: "rm /tmp/x"), confirmer: confirmer)
            ) { error in
                XCTAssertTrue(expected(error), "\(answer): got \(error)")
            }
            XCTAssertEqual(transport.calls, [], "\(answer)")
            XCTAssertEqual(confirmer.asked.count, 1)
        }
    }

    func testCommandLineFlagConfirmerRunsOnlyWithTheFlag() async throws {
        let transport = InMemoryTransport()
        let gateway = try gateway(transport)
        await assertGatewayError(
            try await gateway.run(
                RunRequest(host: "web", command: "rm /tmp/x"), confirmer: CommandLineFlagConfirmer(confirmed: false))
        ) { error in
            guard case .confirmationUnavailable = error else { return XCTFail("got \(error)") }
        }
        XCTAssertEqual(transport.calls, [])
        let outcome = try await gateway.run(
            RunRequest(host: "web", command: "rm /tmp/x"), confirmer: CommandLineFlagConfirmer(confirmed: true))
        XCTAssertEqual(outcome.approvedBy, "--confirm")
        XCTAssertEqual(transport.calls.count, 1)
    }

    // MARK: The reserved envelope

    func testCallerSuppliedReservedLineIsRefusedBeforeAnythingElse() async throws {
        let transport = InMemoryTransport()
        let gateway = try gateway(transport)
        for command in [
            ": ssh-for-agents confirm abc\nrm -rf /tmp/x", "  : ssh-for-agents probe", "trap : EXIT # ssh-for-agents exec 1\nls",
        ] {
            // Even for an alias that does not exist: the refusal comes before the lookup.
            for host in ["web", "nowhere"] {
                await assertGatewayError(
                    try await gateway.run(
                        RunRequest(host: host, command: command), confirmer: RecordingConfirmer(answer: .approved(by: "x")))
                ) { error in
                    guard case .reservedEnvelope = error else { return XCTFail("\(command): got \(error)") }
                }
            }
        }
        XCTAssertEqual(transport.calls, [])
        // The marker elsewhere than the first line is ordinary text.
        _ = try await gateway.run(RunRequest(host: "web", command: "echo hi\n: ssh-for-agents"), confirmer: RefusingConfirmer())
        XCTAssertEqual(transport.calls.count, 1)
    }

    // MARK: Transport errors

    func testTransportErrorsKeepTheirMeaning() async throws {
        let cases: [(any Error & Sendable, (GatewayError) -> Bool)] = [
            (
                SSHError.connectionRefused(host: "web.internal", port: 2222),
                { if case .transport(_, .connectionRefused, _) = $0 { true } else { false } }
            ),
            (CancellationError(), { if case .cancelled = $0 { true } else { false } }),
            (
                UnexpectedTransportFailure(),
                {
                    if case .internalError(let host, let detail) = $0 {
                        host == "web" && detail.contains("UnexpectedTransportFailure")
                    } else {
                        false
                    }
                }
            ),
        ]
        for (thrown, expected) in cases {
            let transport = InMemoryTransport(exec: { _, _ in throw thrown })
            await assertGatewayError(
                try await gateway(transport).run(RunRequest(host: "web", command: "true"), confirmer: RefusingConfirmer())
            ) { error in
                XCTAssertTrue(expected(error), "\(thrown): got \(error)")
                if case .internalError = error {
                    XCTAssertFalse(error.description.contains("cancelled"), error.description)
                    XCTAssertTrue(error.description.hasPrefix("internal error on web:"), error.description)
                }
            }
        }
    }

    // MARK: Files

    func testReadFileOfASecretNeverReachesTheTransport() async throws {
        let transport = InMemoryTransport()
        transport.addFile("/etc/shadow", "root:x")
        await assertGatewayError(try await gateway(transport).readFile(host: "web", path: "/etc/shadow")) { error in
            guard case .confirmationUnavailable(_, _, let reason) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(reason.contains("run_command"), reason)
        }
        XCTAssertEqual(transport.calls, [])
    }

    func testReadFileUsesTheHostsOutputCapUnlessTheCallerGivesOne() async throws {
        let transport = InMemoryTransport()
        transport.addFile("/etc/hostname", "web\n")
        let gateway = try gateway(transport)
        let file = try await gateway.readFile(host: "web", path: "/etc/hostname")
        XCTAssertEqual(file.content, Array("web\n".utf8))
        _ = try await gateway.readFile(host: "web", path: "/etc/hostname", maxBytes: 2)
        XCTAssertEqual(
            transport.calls,
            [
                .readFile(host: "web.internal", path: "/etc/hostname", maxBytes: 4096),
                .readFile(host: "web.internal", path: "/etc/hostname", maxBytes: 2),
            ])
    }

    func testListDirectoryPassesRemoteErrorsThrough() async throws {
        let transport = InMemoryTransport()
        await assertGatewayError(try await gateway(transport).listDirectory(host: "web", path: "/nope")) { error in
            guard case .transport(_, .remoteFileNotFound(let path), _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(path, "/nope")
        }
    }

    // MARK: Configuration

    func testUnknownHostListsTheKnownOnesAndTouchesNothing() async throws {
        let transport = InMemoryTransport()
        await assertGatewayError(
            try await gateway(transport).run(RunRequest(host: "db", command: "true"), confirmer: RefusingConfirmer())
        ) { error in
            guard case .configuration = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(error.description.contains("ro") && error.description.contains("web"), error.description)
        }
        XCTAssertEqual(transport.calls, [])
    }

    func testAHostThatChangedIsClosedBeforeTheNextCall() async throws {
        let transport = InMemoryTransport()
        let gateway = try gateway(transport)
        _ = try await gateway.run(RunRequest(host: "web", command: "true"), confirmer: RefusingConfirmer())
        // A different size makes the file's identity change even within the same second.
        let moved = Self.hosts.replacingOccurrences(of: "web.internal", with: "web2.internal.example")
        try moved.write(toFile: gateway.configStore.path, atomically: true, encoding: .utf8)
        _ = try await gateway.run(RunRequest(host: "web", command: "true"), confirmer: RefusingConfirmer())
        XCTAssertEqual(transport.calls.map(\.hostName), ["web.internal", "web.internal", "web2.internal.example"])
        XCTAssertEqual(transport.calls[1], .close(host: "web.internal"))
    }

    func testShutdownClosesTheTransport() async throws {
        let transport = InMemoryTransport()
        try await gateway(transport).shutdown()
        XCTAssertEqual(transport.calls, [.closeAll])
    }
}

// MARK: - Helpers

private struct UnexpectedTransportFailure: Error {}

/// Fails the test if asked: for commands the policy allows outright.
private struct RefusingConfirmer: Confirmer {
    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        XCTFail("unexpected confirmation request for \(request.command)")
        return .declined
    }
}

final class RecordingConfirmer: Confirmer, @unchecked Sendable {
    let answer: ConfirmationAnswer
    private let lock = NSLock()
    private var requests: [ConfirmationRequest] = []

    init(answer: ConfirmationAnswer) { self.answer = answer }

    var asked: [ConfirmationRequest] { lock.withLock { requests } }

    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        lock.withLock { requests.append(request) }
        return answer
    }
}

extension InMemoryTransport.Call {
    fileprivate var hostName: String? {
        switch self {
        case .exec(let host, _, _, _), .readFile(let host, _, _), .listDirectory(let host, _, _), .close(let host): host
        case .closeAll: nil
        }
    }
}

func assertGatewayError<T>(
    _ body: @autoclosure () async throws -> T, file: StaticString = #filePath, line: UInt = #line,
    _ check: (GatewayError) -> Void
) async {
    do {
        _ = try await body()
        XCTFail("expected a GatewayError", file: file, line: line)
    } catch let error as GatewayError {
        check(error)
    } catch {
        XCTFail("expected a GatewayError, got \(error)", file: file, line: line)
    }
}
