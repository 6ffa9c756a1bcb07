// The client's half of the enforcer contract, over the in-memory transport: approval tokens in the
// reserved line, refusals told apart from failures, and the probe. The server's half runs against a
// real sshd in EnforcerTests.
import AgentContracts
import AgentPolicy
import Crypto
import Foundation
import Gateway
import HostConfiguration
import InMemoryTransport
import RemoteAccess
import XCTest

final class GatewayEnforcerTests: XCTestCase {
    private var directory: URL!
    private static let keyText = String(repeating: "0f1e2d3c4b5a6978", count: 4)
    private static let keyVariable = "SFA_TEST_APPROVAL_KEY_\(getpid())"

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-enforcer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        unsetenv(Self.keyVariable)
        try? FileManager.default.removeItem(at: directory)
    }

    private func gateway(_ transport: InMemoryTransport, keyed: Bool = false, mode: String = "guarded") throws -> Gateway {
        let key = keyed ? ", \"approval_key_env\": \"\(Self.keyVariable)\"" : ""
        let hosts = """
            {"hosts": {"web": {"hostname": "web.internal", "username": "agent"\(key), "policy": {"mode": "\(mode)"}}}}
            """
        let path = directory.appendingPathComponent("hosts.json").path
        try hosts.write(toFile: path, atomically: true, encoding: .utf8)
        return Gateway(configStore: HostConfigStore(path: path, warningHandler: { _ in }), transport: transport)
    }

    /// An in-memory transport that keeps every request it was given.
    private func recordingTransport(answer: @escaping @Sendable (ExecRequest) -> ExecResult = { _ in InMemoryTransport.result() })
        -> (InMemoryTransport, RequestLog)
    {
        let requests = RequestLog()
        let transport = InMemoryTransport { _, request in
            requests.withLock { $0.append(request) }
            return answer(request)
        }
        return (transport, requests)
    }

    // MARK: Approvals

    func testAllowedCommandsCarryNoApproval() async throws {
        let (transport, requests) = recordingTransport()
        _ = try await gateway(transport).run(
            RunRequest(host: "web", command: "ls /tmp"), confirmer: RefusingConfirmerForEnforcer())
        XCTAssertEqual(requests.withLock { $0.map(\.approval) }, [nil])
    }

    func testAnApprovalWithoutAKeyIsSentUnsigned() async throws {
        let (transport, requests) = recordingTransport()
        _ = try await gateway(transport).run(
            RunRequest(host: "web", command: "rm /tmp/x"),
            confirmer: RecordingConfirmer(answer: .approved(by: "a human")))
        let text = try XCTUnwrap(requests.withLock { $0.first?.approval })
        let token = try ApprovalToken(parsing: text)
        XCTAssertEqual(token.kind, .unsigned)
        XCTAssertGreaterThan(token.expiry, Int64(Date().timeIntervalSince1970))
    }

    func testAnApprovalWithAKeyIsSignedForTheAccountAliasAndExactCommand() async throws {
        setenv(Self.keyVariable, Self.keyText + "\n", 1)
        let (transport, requests) = recordingTransport()
        let command = "rm -rf /tmp/build  # exact bytes"
        _ = try await gateway(transport, keyed: true).run(
            RunRequest(host: "web", command: command),
            confirmer: RecordingConfirmer(answer: .approved(by: "a human")))
        let text = try XCTUnwrap(requests.withLock { $0.first?.approval })
        XCTAssertFalse(text.contains(Self.keyText), "the key itself must never travel")
        let token = try ApprovalToken(parsing: text)
        let key = try ApprovalKey.key(fromText: Self.keyText)
        let now = Int64(Date().timeIntervalSince1970)
        XCTAssertNoThrow(try token.verify(.init(user: "agent", hostAlias: "web", command: command), key: key, now: now))
        for edited in [
            ApprovalToken.Subject(user: "root", hostAlias: "web", command: command),
            .init(user: "agent", hostAlias: "db", command: command),
            .init(user: "agent", hostAlias: "web", command: command + " "),
        ] {
            XCTAssertThrowsError(try token.verify(edited, key: key, now: now)) {
                XCTAssertEqual($0 as? ApprovalToken.Failure, .badSignature)
            }
        }
    }

    func testAMissingOrBadKeyStopsTheCommandBeforeTheTransportWithoutQuotingIt() async throws {
        for value in [nil, "too-short-secret"] {
            if let value { setenv(Self.keyVariable, value, 1) } else { unsetenv(Self.keyVariable) }
            let (transport, requests) = recordingTransport()
            await assertGatewayError(
                try await gateway(transport, keyed: true).run(
                    RunRequest(host: "web", command: "rm /tmp/x"), confirmer: RecordingConfirmer(answer: .approved(by: "a human"))
                )
            ) { error in
                guard case .approvalKeyUnavailable(_, let variable, _) = error else { return XCTFail("got \(error)") }
                XCTAssertEqual(variable, Self.keyVariable)
                XCTAssertFalse("\(error)".contains("too-short-secret"), "\(error)")
            }
            XCTAssertEqual(requests.withLock { $0.count }, 0)
        }
    }

    // MARK: Refusals

    func testAnEnforcerRefusalIsToldApartFromAFailedCommand() async throws {
        let refusal = EnforcerRefusal(
            mode: .guarded, decision: .needsConfirmation,
            reasons: [Reason(rule: "filesystem.recursive_delete", message: "deletes a tree", decision: .needsConfirmation)],
            hint: "approve it through ssh-for-agents")
        let refused = try await gateway(
            recordingTransport { _ in
                InMemoryTransport.result(stderr: refusal.line + "\nnot run\n", exitStatus: EnforcerRefusal.exitStatus)
            }.0
        ).run(RunRequest(host: "web", command: "ls"), confirmer: RefusingConfirmerForEnforcer())
        XCTAssertEqual(refused.serverRefusal, refusal)
        let sentence = ServerRefusalWording.sentence(try XCTUnwrap(refused.serverRefusal), host: "web")
        XCTAssertTrue(sentence.hasPrefix("refused by the server's policy on web"), sentence)
        XCTAssertTrue(sentence.contains("filesystem.recursive_delete"), sentence)

        // Exit 77 without the line, or the line with another status, is the command's own failure.
        for (stderr, status) in [("permission denied\n", EnforcerRefusal.exitStatus), (refusal.line + "\n", 1)] {
            let failed = try await gateway(
                recordingTransport { _ in InMemoryTransport.result(stderr: stderr, exitStatus: status) }.0
            )
            .run(RunRequest(host: "web", command: "ls"), confirmer: RefusingConfirmerForEnforcer())
            XCTAssertNil(failed.serverRefusal, "\(stderr) \(status)")
        }
    }

    // MARK: Probe

    func testTheProbeIsSentAsAWholeReservedLineAndItsAnswerKept() async throws {
        let reply = ProbeReply(version: "0.1.0", mode: .cautious, policyDigest: "ab12", signedApprovals: true)
        let (transport, requests) = recordingTransport { request in
            request.command == ReservedLine.probe.text
                ? InMemoryTransport.result(stdout: reply.jsonLine + "\n") : InMemoryTransport.result()
        }
        let gateway = try gateway(transport, mode: "readonly")
        let status = await gateway.enforcerStatus(host: "web")
        XCTAssertEqual(status, .present(reply))
        XCTAssertEqual(requests.withLock { $0.map(\.isReservedLine) }, [true])
        XCTAssertEqual(
            status.summary(clientMode: .readonly),
            "enforcer: v0.1.0, mode cautious, signed approvals (weaker than this client's readonly)")
        XCTAssertNil(status.weakness(clientMode: .guarded))
        // Asked once per connection target: the second look is answered from the cache.
        _ = await gateway.enforcerStatus(host: "web")
        let listing = try await gateway.hostListing(probing: true)
        XCTAssertEqual(listing.hosts.map(\.enforcer), [.present(reply)])
        XCTAssertEqual(requests.withLock { $0.count }, 1)
    }

    func testNoAnswerMeansNoEnforcerAndAnUnreachableHostIsUnknownAndAskedAgain() async throws {
        let absent = try gateway(recordingTransport().0)
        let status = await absent.enforcerStatus(host: "web")
        XCTAssertEqual(status, .absent)
        XCTAssertEqual(EnforcerStatus.absent.summary(clientMode: .guarded), "no enforcer")

        let attempts = RequestLog()
        let unreachable = try gateway(
            InMemoryTransport { _, request in
                attempts.withLock { $0.append(request) }
                throw SSHError.connectionRefused(host: "web.internal", port: 22)
            })
        for _ in 0..<2 {
            guard case .unknown(let why) = await unreachable.enforcerStatus(host: "web") else {
                return XCTFail("expected unknown")
            }
            XCTAssertTrue(why.hasPrefix("not reachable: "), why)
        }
        XCTAssertEqual(attempts.withLock { $0.count }, 2)
    }
}

/// The requests a test transport received, shared with its `@Sendable` handler.
private final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [ExecRequest] = []

    func withLock<T>(_ body: (inout [ExecRequest]) -> T) -> T {
        lock.withLock { body(&requests) }
    }
}

private struct RefusingConfirmerForEnforcer: Confirmer {
    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        XCTFail("no confirmation expected for \(request.command)")
        return .declined
    }
}
