import Foundation
import SandboxSSHD
import TestProcesses
import XCTest

/// A real sandbox sshd and an empty `--root` tree, for running deploy/install-enforcer.sh against
/// the sandbox's own sshd_config. The account is dedicated to these tests (the install makes files
/// in its home root-owned), so no other test's account is touched.
final class DeployFixture {
    static let account = "sfa-deploy"

    let sandbox: SandboxSSHD
    /// The `--root` directory: world-traversable, since the enforcer under it runs as the agent.
    let root: String

    var auditPath: String { root + "/var/log/ssh-for-agents/audit.jsonl" }
    var policyPath: String { root + "/etc/ssh-for-agents/policy.json" }
    var enforcerPath: String { root + "/usr/local/bin/ssh-for-agents-enforcer" }
    var snippetPath: String { root + "/etc/ssh/sshd_config.d/ssh-for-agents.conf" }

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static var scriptPath: String { repositoryRoot + "/deploy/install-enforcer.sh" }

    static var builtEnforcer: String { built("ssh-for-agents-enforcer") }

    /// An executable this build produced (not checked: the install script reports a missing one).
    static func built(_ name: String) -> String { BuiltBinaries.directory + "/" + name }

    init() async throws {
        guard geteuid() == 0 else { throw XCTSkip("the install script runs as root (it creates accounts and root-owned files)") }
        sandbox = try await SandboxSSHD.start(SandboxOptions(accountName: Self.account))
        root = NSTemporaryDirectory() + "sfa-deploy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: root, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
    }

    func tearDown() {
        sandbox.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// deploy/install-enforcer.sh for the sandbox: its account, its sshd_config, this `--root`,
    /// the built enforcer, no reload (the tests restart the sandbox themselves).
    func install(_ extra: [String] = [], reload: Bool = false) throws -> ProgramOutput {
        try Program.run(
            Self.scriptPath,
            [
                "--user", Self.account, "--root", root,
                "--sshd-config", sandbox.sshdConfigPath,
                "--binary", Self.builtEnforcer, "--host-alias", "sandbox",
            ] + (reload ? [] : ["--no-reload"]) + extra)
    }

    /// The plain OpenSSH client, as a raw `ssh` that bypasses every client-side check.
    func ssh(_ command: String) throws -> ProgramOutput {
        try Program.run("/usr/bin/ssh", sandbox.sshCommandArguments() + [command])
    }

    /// `shell` run directly as the agent account (its uid, its group, no others), outside sshd.
    func asAgent(_ shell: String) throws -> ProgramOutput {
        try Program.run(
            "/usr/bin/setpriv",
            [
                "--reuid=\(Self.account)", "--regid=\(Self.account)", "--init-groups",
                "/bin/sh", "-c", shell,
            ])
    }

    /// `ssh-for-agents-run` with a hosts.json for the sandbox (alias `sandbox-ecdsa`: no passphrase).
    func client(_ verb: String, _ arguments: [String]) throws -> ProgramOutput {
        let hostsJSON = root + "/hosts.json"
        if !FileManager.default.fileExists(atPath: hostsJSON) { try sandbox.writeHostsJSON(to: hostsJSON) }
        return try Program.run(Self.built("ssh-for-agents-run"), [verb, "--config", hostsJSON] + arguments)
    }

    func sshdConfigBytes() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: sandbox.sshdConfigPath))
    }
}

/// The deploy tests' programs read /dev/null, as an install run from a script without input would.
enum Program {
    static func run(_ path: String, _ arguments: [String]) throws -> ProgramOutput {
        try LocalProgram.run(path, arguments, stdin: nil)
    }
}
