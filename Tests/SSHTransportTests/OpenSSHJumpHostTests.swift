// ProxyJump hops under the target's rules: every hop's host key is checked against the
// target's known_hosts with strict checking and BatchMode, whatever the user's ~/.ssh/config
// and ~/.ssh/known_hosts say for the jump host; a refused hop is named with its fingerprint and
// a fix that works as printed (run here, then the connection succeeds).
import Foundation
import OpenSSHTransport
import SSHTransport
import SandboxSSHD
import XCTest

final class OpenSSHJumpHostTests: XCTestCase {
    func testJumpHostKeyOnlyInTheUsersKnownHostsIsRefusedAndThePrintedFixWorks() async throws {
        let setup = try await JumpSetup.start(secondJump: false)
        defer { setup.stop() }
        // The user's own known_hosts (and config) trust the jump host; the target's known_hosts does not.
        try setup.writeUserKnownHosts([setup.jump])
        try setup.writeConfig(proxyJump: "sfa-jump")
        let transport = OpenSSHTransport(environment: setup.environment)
        addTeardownBlock { await transport.stopMasters() }
        let target = setup.target(knownHosts: [setup.inner.knownHostsPath])

        let error = await assertSSHError({ try await transport.exec(target, ExecRequest(command: "true")) }) {
            guard case .jumpHostKeyRefused(let refusal) = $0 else { return false }
            return refusal.problem == .unknown && refusal.jumpHost == "sfa-jump"
        }
        guard case .jumpHostKeyRefused(let refusal)? = error else { return }
        XCTAssertEqual(refusal.fingerprint, setup.jump.hostKeyFingerprint)
        XCTAssertEqual(refusal.host, setup.jump.host)
        XCTAssertEqual(refusal.port, setup.jump.port)
        XCTAssertEqual(refusal.knownHostsFiles, [setup.inner.knownHostsPath])
        let message = SSHError.jumpHostKeyRefused(refusal).description
        XCTAssertTrue(message.contains("jump host sfa-jump (\(setup.jump.host) port \(setup.jump.port))"), message)
        XCTAssertTrue(message.contains(setup.jump.hostKeyFingerprint), message)
        XCTAssertEqual(OpenSSHJumpHostTests.logins(setup.inner), 0, "nothing reached the target")

        try OpenSSHJumpHostTests.runPrintedCommands(message)
        let result = try await transport.exec(target, ExecRequest(command: "echo through-jump"))
        XCTAssertEqual(Fixture.text(result.stdout), "through-jump\n")
    }

    func testChangedJumpHostKeyIsRefusedWithBothFingerprintsAndThePrintedFixWorks() async throws {
        let setup = try await JumpSetup.start(secondJump: false)
        defer { setup.stop() }
        try setup.writeUserKnownHosts([setup.jump])
        try setup.writeConfig(proxyJump: "sfa-jump")
        // The target's known_hosts: the inner host, and another key under the jump host's name.
        let other = try Fixture.temporaryDirectory() + "/other"
        try Fixture.shell("ssh-keygen -q -t ed25519 -N '' -f \(other)")
        let otherKey = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
            .joined(separator: " ")
        let otherPrint = try Fixture.shell("ssh-keygen -lf \(other).pub | cut -d' ' -f2").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let knownHosts = try Fixture.temporaryDirectory() + "/known_hosts"
        let innerLine = try String(contentsOfFile: setup.inner.knownHostsPath, encoding: .utf8)
        try (innerLine + "[\(setup.jump.host)]:\(setup.jump.port) \(otherKey)\n")
            .write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let transport = OpenSSHTransport(environment: setup.environment)
        addTeardownBlock { await transport.stopMasters() }
        let target = setup.target(knownHosts: [knownHosts])

        let error = await assertSSHError({ try await transport.exec(target, ExecRequest(command: "true")) }) {
            guard case .jumpHostKeyRefused(let refusal) = $0 else { return false }
            return refusal.problem == .changed(expectedFingerprint: otherPrint, entryFile: knownHosts)
        }
        guard case .jumpHostKeyRefused(let refusal)? = error else { return }
        XCTAssertEqual(refusal.fingerprint, setup.jump.hostKeyFingerprint)
        XCTAssertTrue(
            SSHError.jumpHostKeyRefused(refusal).description.hasPrefix("HOST KEY CHANGED for jump host sfa-jump"),
            SSHError.jumpHostKeyRefused(refusal).description)

        try OpenSSHJumpHostTests.runPrintedCommands(SSHError.jumpHostKeyRefused(refusal).description)
        let result = try await transport.exec(target, ExecRequest(command: "echo replaced"))
        XCTAssertEqual(Fixture.text(result.stdout), "replaced\n")
    }

    /// `ProxyJump sfa-jump,user@127.0.0.1:PORT`: the second hop, reached only through the first,
    /// written as user@host:port (so only our enforced IdentityFile can log in there).
    func testSecondHopOfAChainIsCheckedAndNamed() async throws {
        let setup = try await JumpSetup.start(secondJump: true)
        defer { setup.stop() }
        let second = try XCTUnwrap(setup.secondJump)
        try second.authorize(publicKeyFile: setup.inner.ecdsaKeyPath + ".pub")
        try setup.writeUserKnownHosts([setup.jump, second])
        let secondSpec = "\(second.username)@127.0.0.1:\(second.port)"
        try setup.writeConfig(proxyJump: "sfa-jump,\(secondSpec)")
        let transport = OpenSSHTransport(environment: setup.environment)
        addTeardownBlock { await transport.stopMasters() }
        let target = setup.target(knownHosts: [setup.inner.knownHostsPath, setup.jump.knownHostsPath])

        let error = await assertSSHError({ try await transport.exec(target, ExecRequest(command: "true")) }) {
            guard case .jumpHostKeyRefused(let refusal) = $0 else { return false }
            // Named as ssh -G spells the hop: "user@[127.0.0.1]:PORT".
            return refusal.problem == .unknown && refusal.jumpHost == "\(second.username)@[127.0.0.1]:\(second.port)"
        }
        guard case .jumpHostKeyRefused(let refusal)? = error else { return }
        XCTAssertEqual(refusal.fingerprint, second.hostKeyFingerprint)
        XCTAssertEqual(refusal.port, second.port)

        try OpenSSHJumpHostTests.runPrintedCommands(SSHError.jumpHostKeyRefused(refusal).description)
        let result = try await transport.exec(target, ExecRequest(command: "echo two-hops"))
        XCTAssertEqual(Fixture.text(result.stdout), "two-hops\n")
        XCTAssertEqual(OpenSSHJumpHostTests.logins(second), 1, "the second hop authenticated us once")
    }

    /// A passphrase-protected key (passphrase_env) for the target, and a hop written as
    /// user@host:port that only that key opens: the hop's ssh gets it from our private agent
    /// (IdentityAgent SSH_AUTH_SOCK in the target's config, the master's SSH_AUTH_SOCK).
    func testHopUsesTheTargetsPassphraseKeyThroughOurAgent() async throws {
        let setup = try await JumpSetup.start(secondJump: false)
        defer { setup.stop() }
        try setup.jump.authorize(publicKeyFile: setup.inner.ed25519KeyPath + ".pub")
        let hop = "\(setup.jump.username)@\(setup.jump.host):\(setup.jump.port)"
        try setup.writeConfig(proxyJump: hop)
        let variable = "SFA_JUMP_TEST_PASSPHRASE"
        setenv(variable, setup.inner.ed25519Passphrase, 1)
        defer { unsetenv(variable) }
        let transport = OpenSSHTransport(environment: setup.environment)
        addTeardownBlock { await transport.stopMasters() }
        var target = setup.target(knownHosts: [setup.inner.knownHostsPath, setup.jump.knownHostsPath])
        target.authentication = .privateKey(path: setup.inner.ed25519KeyPath, passphraseEnvironmentVariable: variable)
        let result = try await transport.exec(target, ExecRequest(command: "echo hop-with-agent"))
        XCTAssertEqual(Fixture.text(result.stdout), "hop-with-agent\n")
        XCTAssertEqual(OpenSSHJumpHostTests.logins(setup.jump), 1, "the hop logged in with the target's key")
    }

    static func logins(_ sandbox: SandboxSSHD) -> Int { OpenSSHFixture.logins(sandbox) }

    /// Runs every `command` the message prints, in order, as a user would paste them.
    static func runPrintedCommands(_ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let commands = message.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
        XCTAssertFalse(commands.isEmpty, "no command in: \(message)", file: file, line: line)
        for command in commands {
            let (status, _) = try Fixture.shell(command)
            XCTAssertEqual(status, 0, "`\(command)` failed", file: file, line: line)
        }
    }
}

/// A target reachable only through a jump sshd (optionally a second one behind it), a private
/// HOME with the user's ~/.ssh/config, and our own runtime directory.
struct JumpSetup {
    let namespace: JumpNamespace
    let jump: SandboxSSHD
    let secondJump: SandboxSSHD?
    let inner: SandboxSSHD
    let home: String
    let environment: [String: String]

    static func start(secondJump: Bool) async throws -> JumpSetup {
        let namespace = try JumpNamespace()
        do {
            let jump = try await SandboxSSHD.start(
                SandboxOptions(listener: SandboxListener(address: namespace.innerAddress, namespace: namespace.name)))
            let hidden = SandboxListener(address: "127.0.0.1", namespace: namespace.name, reachableFromHere: false)
            let second = secondJump ? try await SandboxSSHD.start(SandboxOptions(listener: hidden)) : nil
            let inner = try await SandboxSSHD.start(SandboxOptions(listener: hidden))
            let home = try Fixture.temporaryDirectory()
            try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
            return JumpSetup(
                namespace: namespace, jump: jump, secondJump: second, inner: inner, home: home,
                environment: try OpenSSHFixture.environment(home: home))
        } catch {
            namespace.remove()
            throw error
        }
    }

    func stop() {
        inner.stop()
        secondJump?.stop()
        jump.stop()
        namespace.remove()
    }

    /// The user's ~/.ssh/known_hosts in the private HOME, trusting these servers.
    func writeUserKnownHosts(_ servers: [SandboxSSHD]) throws {
        let text = try servers.map { try String(contentsOfFile: $0.knownHostsPath, encoding: .utf8) }.joined()
        try text.write(toFile: home + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
    }

    /// The user's config: the jump host as they would write it (their known_hosts, no
    /// BatchMode), and the target behind `proxyJump`.
    func writeConfig(proxyJump: String) throws {
        try """
        Host sfa-jump
          HostName \(jump.host)
          Port \(jump.port)
          User \(jump.username)
          IdentityFile \(jump.ecdsaKeyPath)
          UserKnownHostsFile \(home)/.ssh/known_hosts
        Host sfa-inner
          HostName 127.0.0.1
          Port \(inner.port)
          User \(inner.username)
          ProxyJump \(proxyJump)
          UserKnownHostsFile \(home)/.ssh/known_hosts

        """.write(toFile: home + "/.ssh/config", atomically: true, encoding: .utf8)
    }

    func target(knownHosts: [String]) -> SSHTarget {
        SSHTarget(
            hostname: "", port: 0, username: "",
            authentication: .privateKey(path: inner.ecdsaKeyPath, passphraseEnvironmentVariable: nil),
            hostKeyVerification: .knownHosts(files: knownHosts), transport: .openssh, sshConfigHost: "sfa-inner")
    }
}
