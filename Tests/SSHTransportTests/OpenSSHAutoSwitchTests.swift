// `auto` switching to OpenSSH for what libssh2 1.10 cannot do, learned before connecting or
// from libssh2's refusal: a user certificate that ssh loads next to the key file unasked, and
// an ssh-agent that offers only RSA keys (libssh2 signs them with SHA-1, OpenSSH 8.8+ refuses).
import Foundation
import OpenSSHTransport
import SSHTransport
import SandboxSSHD
import TransportSelection
import XCTest

final class OpenSSHAutoSwitchTests: XCTestCase {
    /// A server that trusts a user CA and not the bare key: only the certificate logs in.
    func testCertificateNextToTheKeyFileSwitchesAuto() async throws {
        let keys = try Fixture.temporaryDirectory()
        try Fixture.shell("ssh-keygen -q -t ed25519 -N '' -f \(keys)/ca && ssh-keygen -q -t ed25519 -N '' -f \(keys)/user")
        let sandbox = try await SandboxSSHD.start(SandboxOptions(extraConfig: ["TrustedUserCAKeys \(keys)/ca.pub"]))
        defer { sandbox.stop() }
        let signed = try Fixture.shell("ssh-keygen -q -s \(keys)/ca -I sfa-test -n \(sandbox.username) \(keys)/user.pub")
        XCTAssertEqual(signed.status, 0)
        let certificate = keys + "/user-cert.pub"
        XCTAssertTrue(FileManager.default.fileExists(atPath: certificate))

        // A ~/.ssh/config alias that names the key only (no CertificateFile).
        let home = try Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        try """
        Host sfa-cert
          HostName \(sandbox.host)
          Port \(sandbox.port)
          User \(sandbox.username)
          IdentityFile \(keys)/user
          IdentitiesOnly yes
          UserKnownHostsFile \(sandbox.knownHostsPath)

        """.write(toFile: home + "/.ssh/config", atomically: true, encoding: .utf8)
        let environment = try OpenSSHFixture.environment(home: home)
        let openssh = OpenSSHTransport(environment: environment)
        let selecting = SelectingTransport(libssh2: SSHConnectionPool(), openssh: openssh, environment: environment)
        addTeardownBlock { await openssh.stopMasters() }
        let alias = SSHTarget(
            hostname: "", port: 0, username: "", authentication: .agent, transport: .auto, sshConfigHost: "sfa-cert")
        let viaAlias = try await selecting.exec(alias, ExecRequest(command: "echo cert-alias"))
        XCTAssertEqual(Fixture.text(viaAlias.stdout), "cert-alias\n")
        let aliasInUse = await selecting.transportInUse(for: alias)
        XCTAssertEqual(aliasInUse, "openssh (libssh2: a certificate (\(certificate)) next to an IdentityFile)")

        // A hosts.json private_key with the certificate beside it.
        var plain = Fixture.ecdsaTarget(sandbox)
        plain.authentication = .privateKey(path: keys + "/user", passphraseEnvironmentVariable: nil)
        plain.transport = .libssh2
        _ = await assertSSHError({ try await selecting.exec(plain, ExecRequest(command: "true")) }) {
            if case .keyRefused = $0 { return true }
            return false
        }
        plain.transport = .auto
        let viaKey = try await selecting.exec(plain, ExecRequest(command: "echo cert-key"))
        XCTAssertEqual(Fixture.text(viaKey.stdout), "cert-key\n")
        let keyInUse = await selecting.transportInUse(for: plain)
        XCTAssertEqual(keyInUse, "openssh (libssh2: a certificate (\(certificate)) next to the key)")
    }

    func testAgentOfferingOnlyRSAKeysSwitchesAutoSayingWhy() async throws {
        let sandbox = try await Fixture.sandbox()
        let key = try OpenSSHFixture.authorizedRSAKey(sandbox)
        let directory = try Fixture.temporaryDirectory()
        let socket = directory + "/agent.sock"
        try Fixture.shell("ssh-agent -a \(socket) > \(directory)/agent.env 2>/dev/null")
        let agent = try Fixture.shell("grep -o 'SSH_AGENT_PID=[0-9]*' \(directory)/agent.env | cut -d= -f2").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? Fixture.shell("kill \(agent)") }
        XCTAssertEqual(try Fixture.shell("SSH_AUTH_SOCK=\(socket) ssh-add \(key) 2>/dev/null").status, 0)
        let saved = ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"]
        setenv("SSH_AUTH_SOCK", socket, 1)
        defer { if let saved { setenv("SSH_AUTH_SOCK", saved, 1) } else { unsetenv("SSH_AUTH_SOCK") } }

        let selecting = SelectingTransport(libssh2: SSHConnectionPool(), openssh: try OpenSSHFixture.transport())
        addTeardownBlock { await selecting.openssh.stopMasters() }
        var target = Fixture.ecdsaTarget(sandbox)
        target.authentication = .agent
        target.transport = .libssh2
        let refused = await assertSSHError({ try await selecting.exec(target, ExecRequest(command: "true")) }) {
            if case .agentRSAKeysRefused = $0 { return true }
            return false
        }
        XCTAssertTrue(refused?.description.contains("\"transport\": \"openssh\"") == true, refused?.description ?? "")

        target.transport = .auto
        let result = try await selecting.exec(target, ExecRequest(command: "echo agent-rsa"))
        XCTAssertEqual(Fixture.text(result.stdout), "agent-rsa\n")
        let inUse = await selecting.transportInUse(for: target)
        XCTAssertEqual(inUse, "openssh (libssh2: the ssh-agent's RSA keys refused (libssh2 1.10 signs RSA with SHA-1 only))")
    }
}
