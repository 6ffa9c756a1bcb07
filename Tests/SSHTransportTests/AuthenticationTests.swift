// Authentication: both key kinds work, and each way of failing says what to do.
import Foundation
import SSHTransport
import SandboxSSHD
import XCTest

final class AuthenticationTests: XCTestCase {
    func testEncryptedEd25519KeyWithPassphraseFromEnvironment() async throws {
        let sandbox = try await Fixture.sandbox()
        let result = try await SSHConnectionPool().exec(Fixture.ed25519Target(sandbox), ExecRequest(command: "id -un"))
        XCTAssertEqual(Fixture.text(result.stdout), sandbox.username + "\n")
    }

    func testUnencryptedECDSAKey() async throws {
        let sandbox = try await Fixture.sandbox()
        let result = try await SSHConnectionPool().exec(Fixture.ecdsaTarget(sandbox), ExecRequest(command: "id -un"))
        XCTAssertEqual(Fixture.text(result.stdout), sandbox.username + "\n")
    }

    func testMissingKeyFile() async throws {
        let sandbox = try await Fixture.sandbox()
        var target = Fixture.ecdsaTarget(sandbox)
        target.authentication = .privateKey(path: "/nonexistent/id_ed25519", passphraseEnvironmentVariable: nil)
        _ = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .privateKeyMissing("/nonexistent/id_ed25519") = $0 { return true }
            return false
        }
    }

    func testPassphraseVariableUnset() async throws {
        let sandbox = try await Fixture.sandbox()
        let target = Fixture.ed25519Target(sandbox, variable: "SFA_TEST_UNSET_PASSPHRASE_VARIABLE")
        _ = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .passphraseVariableUnset("SFA_TEST_UNSET_PASSPHRASE_VARIABLE", _) = $0 { return true }
            return false
        }
    }

    func testWrongPassphraseNeverAppearsInTheError() async throws {
        let sandbox = try await Fixture.sandbox()
        let wrong = "definitely-wrong-\(UUID().uuidString)"
        setenv("SFA_TEST_WRONG_PASSPHRASE", wrong, 1)
        let target = Fixture.ed25519Target(sandbox, variable: "SFA_TEST_WRONG_PASSPHRASE")
        let error = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .wrongPassphrase(_, "SFA_TEST_WRONG_PASSPHRASE") = $0 { return true }
            return false
        }
        XCTAssertFalse(String(describing: error).contains(wrong))
        XCTAssertFalse(String(describing: error).contains(sandbox.ed25519Passphrase))
    }

    func testKeyNotAuthorizedIsRefused() async throws {
        let sandbox = try await Fixture.sandbox()
        let directory = try Fixture.temporaryDirectory()
        try Fixture.shell("ssh-keygen -q -t ed25519 -N '' -f \(directory)/stranger")
        var target = Fixture.ecdsaTarget(sandbox)
        target.authentication = .privateKey(path: directory + "/stranger", passphraseEnvironmentVariable: nil)
        _ = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .keyRefused = $0 { return true }
            return false
        }
    }

    func testAuthorizedRSAKeyIsRefusedForSHA1WithExplanation() async throws {
        let sandbox = try await Fixture.sandbox()
        let directory = try Fixture.temporaryDirectory()
        try Fixture.shell("ssh-keygen -q -t rsa -b 2048 -N '' -f \(directory)/rsa")
        // Authorize it, so the only reason for refusal is the SHA-1 signature.
        try Fixture.shell("cat \(directory)/rsa.pub >> \(sandbox.directory)/authorized_keys")
        var target = Fixture.ecdsaTarget(sandbox)
        target.authentication = .privateKey(path: directory + "/rsa", passphraseEnvironmentVariable: nil)
        let error = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .rsaSHA1Refused = $0 { return true }
            return false
        }
        XCTAssertTrue(error?.description.contains("ed25519") ?? false)
    }

    func testAgentWithoutSocketSaysSo() async throws {
        let sandbox = try await Fixture.sandbox()
        let saved = ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"]
        unsetenv("SSH_AUTH_SOCK")
        defer { if let saved { setenv("SSH_AUTH_SOCK", saved, 1) } }
        var target = Fixture.ecdsaTarget(sandbox)
        target.authentication = .agent
        _ = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .agentUnavailable = $0 { return true }
            return false
        }
    }

    func testAgentAuthentication() async throws {
        let sandbox = try await Fixture.sandbox()
        let directory = try Fixture.temporaryDirectory()
        let socket = directory + "/agent.sock"
        // Output to a file: the daemonised agent would keep a pipe open forever.
        try Fixture.shell("ssh-agent -a \(socket) > \(directory)/agent.env 2>/dev/null")
        let agent = try Fixture.shell("grep -o 'SSH_AGENT_PID=[0-9]*' \(directory)/agent.env | cut -d= -f2").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? Fixture.shell("kill \(agent)") }
        try Fixture.shell("SSH_AUTH_SOCK=\(socket) ssh-add \(sandbox.ecdsaKeyPath) 2>/dev/null")
        let saved = ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"]
        setenv("SSH_AUTH_SOCK", socket, 1)
        defer { if let saved { setenv("SSH_AUTH_SOCK", saved, 1) } else { unsetenv("SSH_AUTH_SOCK") } }
        var target = Fixture.ecdsaTarget(sandbox)
        target.authentication = .agent
        let result = try await SSHConnectionPool().exec(target, ExecRequest(command: "echo agent-ok"))
        XCTAssertEqual(Fixture.text(result.stdout), "agent-ok\n")
    }

    func testNoCommonCipherNamesWhatTheServerOffers() async throws {
        let sandbox = try await SandboxSSHD.start(SandboxOptions(extraConfig: ["Ciphers chacha20-poly1305@openssh.com"]))
        defer { sandbox.stop() }
        let error = await assertSSHError({
            try await SSHConnectionPool().exec(Fixture.ecdsaTarget(sandbox), ExecRequest(command: "true"))
        }) {
            if case .noCommonAlgorithm(_, let kind, let offers, _) = $0 {
                return kind == "cipher" && offers == ["chacha20-poly1305@openssh.com"]
            }
            return false
        }
        XCTAssertTrue(error?.description.contains("chacha20-poly1305@openssh.com") ?? false)
    }

    func testOnlyETMMacsFail() async throws {
        let sandbox = try await SandboxSSHD.start(SandboxOptions(extraConfig: ["MACs hmac-sha2-256-etm@openssh.com"]))
        defer { sandbox.stop() }
        _ = await assertSSHError({
            try await SSHConnectionPool().exec(Fixture.ecdsaTarget(sandbox), ExecRequest(command: "true"))
        }) {
            if case .noCommonAlgorithm(_, let kind, _, _) = $0 { return kind == "MAC" }
            return false
        }
    }

    func testConnectionRefusedAndUnknownHostName() async throws {
        let sandbox = try await Fixture.sandbox()
        var target = Fixture.ecdsaTarget(sandbox)
        target.port = 1
        _ = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .connectionRefused = $0 { return true }
            return false
        }
        target.hostname = "no-such-host.invalid"
        _ = await assertSSHError({ try await SSHConnectionPool().exec(target, ExecRequest(command: "true")) }) {
            if case .hostNotFound = $0 { return true }
            return false
        }
    }

    func testConnectByNameAndIPv6Loopback() async throws {
        let sandbox = try await Fixture.sandbox()
        var target = Fixture.ecdsaTarget(sandbox)
        target.hostname = "localhost"
        target.hostKeyVerification = .disabled // known_hosts names 127.0.0.1 only
        let result = try await SSHConnectionPool(warningHandler: { _ in }).exec(target, ExecRequest(command: "echo by-name"))
        XCTAssertEqual(Fixture.text(result.stdout), "by-name\n")
        // The sandbox listens on IPv4 only: ::1 must fail as "refused", showing IPv6 addresses resolve and connect.
        target.hostname = "::1"
        _ = await assertSSHError({
            try await SSHConnectionPool(warningHandler: { _ in }).exec(target, ExecRequest(command: "true"))
        }) {
            if case .connectionRefused = $0 { return true }
            if case .connectFailed = $0 { return true }
            return false
        }
    }
}
