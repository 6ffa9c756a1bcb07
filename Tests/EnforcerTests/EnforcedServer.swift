import AgentContracts
import Foundation
import SandboxSSHD
import TestProcesses
import XCTest

/// A real sandbox sshd whose ForceCommand is the built enforcer, with its policy, audit file and
/// nonce directory in a fresh directory the agent account can traverse but not write.
///
/// Layouts:
/// - `.plain`: the audit file and nonce directory belong to the agent (no approval key).
/// - `.setgid`: the installed layout with a key: a copy of the enforcer setgid to a dedicated
///   group that alone can read the key, write the nonces and append to the audit file.
final class EnforcedServer: Sendable {
    enum Layout: Sendable { case plain, setgid }

    static let group = "sfa-enforcer-test"
    static let hostAlias = "sandbox"

    let sandbox: SandboxSSHD
    let directory: TemporaryDirectory
    let binary: String
    let policyPath: String
    let auditPath: String
    let nonceDirectory: String
    let keyPath: String
    let layout: Layout

    static func start(_ layout: Layout = .plain, mode: String = "guarded", extra: String = "") async throws -> EnforcedServer {
        guard geteuid() == 0 else { throw XCTSkip("needs root: the enforcer runs as a dedicated sandbox account") }
        let directory = try TemporaryDirectory(mode: 0o755)
        let binary = directory.path + "/ssh-for-agents-enforcer"
        try FileManager.default.copyItem(atPath: try BuiltBinaries.path("ssh-for-agents-enforcer"), toPath: binary)
        let policyPath = directory.path + "/policy.json"
        let sandbox = try await SandboxSSHD.start(SandboxOptions(forceCommand: "\(binary) --policy \(policyPath)"))
        let server = EnforcedServer(sandbox: sandbox, directory: directory, binary: binary, layout: layout)
        try server.prepare()
        try server.writePolicy(mode: mode, extra: extra)
        return server
    }

    private init(sandbox: SandboxSSHD, directory: TemporaryDirectory, binary: String, layout: Layout) {
        self.sandbox = sandbox
        self.directory = directory
        self.binary = binary
        self.layout = layout
        policyPath = directory.path + "/policy.json"
        auditPath = directory.path + "/audit.jsonl"
        nonceDirectory = directory.path + "/nonces"
        keyPath = directory.path + "/approval.key"
    }

    deinit { sandbox.stop() }

    /// The approval key's text (layout `.setgid`).
    static let keyText = "4f1c0d9e8b7a69584736251403f2e1d0c9b8a7f6e5d4c3b2a1908f7e6d5c4b3a"

    var accountIDs: (uid: uid_t, gid: gid_t) {
        let entry = getpwnam(sandbox.username)!.pointee
        return (entry.pw_uid, entry.pw_gid)
    }

    private func prepare() throws {
        let account = accountIDs
        _ = FileManager.default.createFile(atPath: auditPath, contents: nil)
        mkdir(nonceDirectory, 0o700)
        switch layout {
        case .plain:
            chown(auditPath, account.uid, account.gid)
            chmod(auditPath, 0o600)
            chown(nonceDirectory, account.uid, account.gid)
        case .setgid:
            let group = try Self.ensureGroup()
            _ = FileManager.default.createFile(atPath: keyPath, contents: Data((Self.keyText + "\n").utf8))
            for (path, mode) in [(keyPath, 0o640), (auditPath, 0o660), (nonceDirectory, 0o770), (binary, 0o2755)]
                as [(String, mode_t)]
            {
                chown(path, 0, group)
                chmod(path, mode) // after chown, which clears the setgid bit
            }
        }
    }

    static func ensureGroup() throws -> gid_t {
        if let entry = getgrnam(group) { return entry.pointee.gr_gid }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/groupadd")
        process.arguments = ["--system", group]
        try process.run()
        process.waitUntilExit()
        guard let entry = getgrnam(group) else { throw XCTSkip("cannot create group \(group)") }
        return entry.pointee.gr_gid
    }

    /// Writes the policy: `mode`, the audit file, the nonce directory, the alias, plus `extra`
    /// members (`"sftp_server": "…"`), and the key when the layout has one.
    func writePolicy(mode: String, extra: String = "") throws {
        var members = [
            #""mode": "\#(mode)""#, #""audit": {"file": "\#(auditPath)"}"#,
            #""state_dir": "\#(nonceDirectory)""#, #""host_alias": "\#(Self.hostAlias)""#,
        ]
        if layout == .setgid { members.append(#""approval_key_file": "\#(keyPath)""#) }
        if !extra.isEmpty { members.append(extra) }
        try writePolicyText("{" + members.joined(separator: ", ") + "}")
    }

    func writePolicyText(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: policyPath))
        chmod(policyPath, 0o644)
    }

    // MARK: Talking to it

    typealias Output = ProgramOutput

    /// `ssh` with the sandbox's key; `command` nil asks for a login session instead.
    func ssh(_ command: String?, stdin: String = "", extra: [String] = []) throws -> Output {
        try LocalProgram.run(
            "/usr/bin/ssh", sandbox.sshCommandArguments(extra: ["-T"] + extra) + (command.map { [$0] } ?? []), stdin: stdin)
    }

    /// The options `ssh` needs for this sandbox, as one `GIT_SSH_COMMAND`/`rsync -e` string.
    var sshCommandLine: String {
        (["/usr/bin/ssh"] + sandbox.sshCommandArguments().dropLast()).map { "'\($0)'" }.joined(separator: " ")
    }

    var destination: String { "\(sandbox.username)@\(sandbox.host)" }

    func auditRecords() throws -> [AuditRecord] {
        try String(contentsOfFile: auditPath, encoding: .utf8).split(separator: "\n").compactMap { AuditRecord(line: $0) }
    }
}

extension ProgramOutput {
    /// The enforcer's refusal, when the run was one.
    var refusal: EnforcerRefusal? { EnforcerRefusal.find(exitStatus: status, stderr: Array(stderr.utf8)) }
}
