import Foundation
import SandboxSSHD
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

    /// An executable this build produced: beside the running test bundle, or in `SFA_BIN_DIR`.
    static func built(_ name: String) -> String {
        if let explicit = ProcessInfo.processInfo.environment["SFA_BIN_DIR"], !explicit.isEmpty {
            return explicit + "/" + name
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/", !url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        if url.path == "/" { url = Bundle.main.bundleURL }
        return url.deletingLastPathComponent().path + "/" + name
    }

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
    func install(_ extra: [String] = [], reload: Bool = false) throws -> Program.Output {
        try Program.run(
            Self.scriptPath,
            [
                "--user", Self.account, "--root", root,
                "--sshd-config", sandbox.sshdConfigPath,
                "--binary", Self.builtEnforcer, "--host-alias", "sandbox",
            ] + (reload ? [] : ["--no-reload"]) + extra)
    }

    /// The plain OpenSSH client, as a raw `ssh` that bypasses every client-side check.
    func ssh(_ command: String) throws -> Program.Output {
        try Program.run("/usr/bin/ssh", sandbox.sshCommandArguments() + [command])
    }

    /// `shell` run directly as the agent account (its uid, its group, no others), outside sshd.
    func asAgent(_ shell: String) throws -> Program.Output {
        try Program.run(
            "/usr/bin/setpriv",
            [
                "--reuid=\(Self.account)", "--regid=\(Self.account)", "--init-groups",
                "/bin/sh", "-c", shell,
            ])
    }

    /// `ssh-for-agents-run` with a hosts.json for the sandbox (alias `sandbox-ecdsa`: no passphrase).
    func client(_ verb: String, _ arguments: [String]) throws -> Program.Output {
        let hostsJSON = root + "/hosts.json"
        if !FileManager.default.fileExists(atPath: hostsJSON) { try sandbox.writeHostsJSON(to: hostsJSON) }
        return try Program.run(Self.built("ssh-for-agents-run"), [verb, "--config", hostsJSON] + arguments)
    }

    func sshdConfigBytes() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: sandbox.sshdConfigPath))
    }
}

/// Runs a program and collects its status and both streams.
enum Program {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var both: String { stdout + stderr }
    }

    static func run(_ path: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // stderr is read on another thread so neither pipe can fill up and block the child.
        let stderr = StreamReader(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr.wait(), as: UTF8.self))
    }
}

final class StreamReader: Sendable {
    private let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
