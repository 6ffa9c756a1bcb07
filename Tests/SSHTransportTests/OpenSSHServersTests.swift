// The servers libssh2 1.10 cannot reach, reached through the OpenSSH transport, and `auto`
// switching to it once and saying why: an RSA user key (OpenSSH 8.8+ refuses SHA-1
// signatures), a server hardened to chacha20-poly1305 and ETM MACs, a ~/.ssh/config alias (in a
// private HOME), and a target that only a jump host reaches (a network namespace of the test's).
import Foundation
import OpenSSHTransport
import SSHTransport
import SandboxSSHD
import TransportSelection
import XCTest

final class OpenSSHServersTests: XCTestCase {
    func testRSAKeyWorksOnlyThroughOpenSSHAndAutoSwitchesOnceSayingWhy() async throws {
        let sandbox = try await Fixture.sandbox()
        let key = try OpenSSHFixture.authorizedRSAKey(sandbox)
        var target = Fixture.ecdsaTarget(sandbox)
        target.authentication = .privateKey(path: key, passphraseEnvironmentVariable: nil)

        target.transport = .libssh2
        let selecting = SelectingTransport(libssh2: SSHConnectionPool(), openssh: try OpenSSHFixture.transport())
        addTeardownBlock { await selecting.openssh.stopMasters() }
        _ = await assertSSHError({ try await selecting.exec(target, ExecRequest(command: "true")) }) {
            if case .rsaSHA1Refused = $0 { return true }
            return false
        }

        target.transport = .openssh
        let direct = try await selecting.exec(target, ExecRequest(command: "echo rsa-ok"))
        XCTAssertEqual(Fixture.text(direct.stdout), "rsa-ok\n")

        target.transport = .auto
        let before = await selecting.transportInUse(for: target)
        XCTAssertEqual(before?.hasPrefix("libssh2"), true, before ?? "nil")
        let switched = try await selecting.exec(target, ExecRequest(command: "echo auto-ok"))
        XCTAssertEqual(Fixture.text(switched.stdout), "auto-ok\n")
        let inUse = await selecting.transportInUse(for: target)
        XCTAssertEqual(inUse, "openssh (libssh2: RSA key refused (libssh2 1.10 signs RSA with SHA-1 only))")
        let logins = OpenSSHFixture.logins(sandbox)
        _ = try await selecting.exec(target, ExecRequest(command: "true"))
        XCTAssertEqual(OpenSSHFixture.logins(sandbox), logins, "remembered: no second libssh2 attempt, the same master")
    }

    func testServerHardenedToChachaAndETMMacs() async throws {
        let sandbox = try await SandboxSSHD.start(
            SandboxOptions(extraConfig: [
                "Ciphers chacha20-poly1305@openssh.com", "MACs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com",
            ]))
        defer { sandbox.stop() }
        let selecting = SelectingTransport(libssh2: SSHConnectionPool(), openssh: try OpenSSHFixture.transport())
        addTeardownBlock { await selecting.openssh.stopMasters() }
        var target = Fixture.ecdsaTarget(sandbox)
        target.transport = .auto
        let result = try await selecting.exec(target, ExecRequest(command: "echo hardened-ok; exit 7"))
        XCTAssertEqual(Fixture.text(result.stdout), "hardened-ok\n")
        XCTAssertEqual(result.exitStatus, 7)
        let inUse = await selecting.transportInUse(for: target)
        XCTAssertEqual(inUse, "openssh (libssh2: no common cipher; server offers chacha20-poly1305@openssh.com)")
        let file = try await selecting.listDirectory(target, path: "/", maxEntries: 1000)
        XCTAssertTrue(file.entries.contains { $0.name == "etc" && $0.type == .directory })
    }

    func testSSHConfigAliasInAPrivateHome() async throws {
        let sandbox = try await Fixture.sandbox()
        let home = try Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        try """
        Host sfa-alias
          HostName \(sandbox.host)
          Port \(sandbox.port)
          User \(sandbox.username)
          IdentityFile \(sandbox.ecdsaKeyPath)
          IdentitiesOnly yes
          UserKnownHostsFile \(sandbox.knownHostsPath)

        """.write(toFile: home + "/.ssh/config", atomically: true, encoding: .utf8)
        let environment = try OpenSSHFixture.environment(home: home)
        let target = SSHTarget(
            hostname: "", port: 0, username: "", authentication: .agent, transport: .openssh, sshConfigHost: "sfa-alias")
        let transport = OpenSSHTransport(environment: environment)
        addTeardownBlock { await transport.stopMasters() }
        let result = try await transport.exec(target, ExecRequest(command: "echo alias-ok; whoami"))
        XCTAssertEqual(Fixture.text(result.stdout), "alias-ok\n\(sandbox.username)\n")

        let resolved = try SSHConfigResolution.resolve("sfa-alias", environment: environment)
        XCTAssertEqual(resolved.port, sandbox.port)
        XCTAssertNil(resolved.needsOpenSSH)
        // auto keeps such an alias on libssh2, with what ssh -G resolved.
        let selecting = SelectingTransport(libssh2: SSHConnectionPool(), openssh: transport, environment: environment)
        var auto = target
        auto.transport = .auto
        let onLibssh2 = try await selecting.exec(auto, ExecRequest(command: "echo libssh2-ok"))
        XCTAssertEqual(Fixture.text(onLibssh2.stdout), "libssh2-ok\n")
        let inUse = await selecting.transportInUse(for: auto)
        XCTAssertEqual(inUse?.hasPrefix("libssh2"), true, inUse ?? "nil")
    }

    func testTargetReachableOnlyThroughAJumpHost() async throws {
        let namespace = try JumpNamespace()
        defer { namespace.remove() }
        let jump = try await SandboxSSHD.start(
            SandboxOptions(listener: SandboxListener(address: namespace.innerAddress, namespace: namespace.name)))
        defer { jump.stop() }
        // The namespace's own loopback: nothing outside it reaches this sshd, the jump host does.
        let inner = try await SandboxSSHD.start(
            SandboxOptions(listener: SandboxListener(address: "127.0.0.1", namespace: namespace.name, reachableFromHere: false)))
        defer { inner.stop() }
        XCTAssertFalse(Fixture.answersSSHHere(port: inner.port), "the inner sshd must not be reachable directly")

        let home = try Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        try """
        Host sfa-jump
          HostName \(jump.host)
          Port \(jump.port)
          User \(jump.username)
          IdentityFile \(jump.ecdsaKeyPath)
          IdentitiesOnly yes
          UserKnownHostsFile \(jump.knownHostsPath)
          StrictHostKeyChecking yes
          BatchMode yes
        Host sfa-inner
          HostName 127.0.0.1
          Port \(inner.port)
          User \(inner.username)
          ProxyJump sfa-jump

        """.write(toFile: home + "/.ssh/config", atomically: true, encoding: .utf8)
        let environment = try OpenSSHFixture.environment(home: home)
        let openssh = OpenSSHTransport(environment: environment)
        let selecting = SelectingTransport(libssh2: SSHConnectionPool(), openssh: openssh, environment: environment)
        addTeardownBlock { await openssh.stopMasters() }
        let target = SSHTarget(
            hostname: "", port: 0, username: "",
            authentication: .privateKey(path: inner.ecdsaKeyPath, passphraseEnvironmentVariable: nil),
            // Every hop is checked against the target's known_hosts: the jump host's key is there too.
            hostKeyVerification: .knownHosts(files: [inner.knownHostsPath, jump.knownHostsPath]), transport: .auto,
            sshConfigHost: "sfa-inner")
        let marker = "sfa-inner-\(UInt32.random(in: 0...UInt32.max))"
        let result = try await selecting.exec(
            target,
            ExecRequest(command: "echo \(marker) > \(inner.homeDirectory)/jump-marker; cat \(inner.homeDirectory)/jump-marker"))
        XCTAssertEqual(Fixture.text(result.stdout), marker + "\n")
        let inUse = await selecting.transportInUse(for: target)
        XCTAssertEqual(inUse, "openssh (libssh2: ProxyJump sfa-jump in ~/.ssh/config)")
        let innerLog = try String(contentsOfFile: inner.sshdLogPath, encoding: .utf8)
        XCTAssertTrue(innerLog.contains("Accepted publickey"), "the inner sshd authenticated us")
    }
}

extension Fixture {
    /// True when an SSH server answers on 127.0.0.1:port in our own network namespace.
    static func answersSSHHere(port: Int) -> Bool {
        (try? shell("timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(port) && head -c 7 <&3' | grep -q SSH-2.0").status) == 0
    }
}

/// A network namespace joined to ours by a veth pair: the jump sshd listens on its end, the
/// target on its loopback. Removed at the end, also after a failure.
final class JumpNamespace: Sendable {
    let name: String
    let hostInterface: String
    let innerAddress: String

    init() throws {
        let tag = "\(getpid() % 10_000)"
        name = "sfa-jump-\(tag)"
        hostInterface = "sfaj\(tag)a"
        let innerInterface = "sfaj\(tag)b"
        let hostAddress = "10.204.\(getpid() % 250).1"
        innerAddress = "10.204.\(getpid() % 250).2"
        remove()
        let commands = [
            "ip netns add \(name)",
            "ip link add \(hostInterface) type veth peer name \(innerInterface)",
            "ip link set \(innerInterface) netns \(name)",
            "ip addr add \(hostAddress)/30 dev \(hostInterface)",
            "ip link set \(hostInterface) up",
            "ip -n \(name) addr add \(innerAddress)/30 dev \(innerInterface)",
            "ip -n \(name) link set \(innerInterface) up",
            "ip -n \(name) link set lo up",
        ]
        for command in commands {
            let (status, _) = try Fixture.shell(command)
            if status != 0 {
                remove()
                throw NSError(
                    domain: "JumpNamespace", code: Int(status),
                    userInfo: [NSLocalizedDescriptionKey: "`\(command)` failed: the jump-host test needs root and iproute2"])
            }
        }
    }

    func remove() {
        _ = try? Fixture.shell("ip link del \(hostInterface)")
        _ = try? Fixture.shell("ip netns del \(name)")
    }
}
