import ArgumentParser
import Foundation
import SandboxSSHD

/// `up`: start the sandbox, announce it, stay up until SIGINT or SIGTERM, then stop it cleanly.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the sandbox sshd and keep it running until interrupted.",
        discussion: """
            Prints one JSON object (port, username, key paths, passphrase) to stdout once sshd \
            accepts connections, and a short summary to stderr. Stop it with Ctrl-C or \
            `kill PID`; sshd and its directory are removed on the way out.
            """)

    @Option(
        name: .customLong("dir"),
        help: "Directory for keys, config and log (default: a new one under /tmp). Removed on exit if created here.")
    var directory: String?

    @Option(
        name: .customLong("hosts-json"), help: "Also write a hosts.json (entries 'sandbox' and 'sandbox-ecdsa') to this path.")
    var hostsJSON: String?

    @Option(name: .customLong("force-command"), help: "sshd ForceCommand for the account (e.g. the enforcer).")
    var forceCommand: String?

    @Option(name: .customLong("account"), help: "The login account when run as root (default: sfa-agent); created if missing.")
    var account: String?

    @Option(
        name: .customLong("ready-file"),
        help: "Write the same JSON here once ready, for scripts that start `up` in the background.")
    var readyFile: String?

    static let passphraseEnv = "SANDBOX_KEY_PASSPHRASE"

    func validate() throws {
        for path in [hostsJSON, readyFile].compactMap({ $0 }) {
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: parent) else {
                throw ValidationError("directory \(parent) does not exist; create it first or pick another path for \(path)")
            }
        }
    }

    func run() async throws {
        // Take over SIGINT/SIGTERM before sshd exists, so an early signal still stops it cleanly.
        let stopSignals = StopSignals()
        // SandboxError's description names the fix; ArgumentParser prints it as "Error: ...".
        var options = SandboxOptions(forceCommand: forceCommand, directory: directory)
        if let account { options.accountName = account }
        let sandbox = try await SandboxSSHD.start(options)
        defer { sandbox.stop() }

        if let hostsJSON {
            try sandbox.writeHostsJSON(to: hostsJSON, passphraseEnv: Self.passphraseEnv)
        }
        let info = ReadyInfo(sandbox, hostsJSON: hostsJSON, passphraseEnv: Self.passphraseEnv)
        let json = try info.encoded()
        FileHandle.standardError.write(Data(info.summary.utf8))
        FileHandle.standardOutput.write(json + Data("\n".utf8))
        if let readyFile {
            try ReadyInfo.writePrivately(json, to: readyFile)
        }

        switch await stopSignals.next(orWhenSSHDExits: sandbox) {
        case .signal(let number):
            FileHandle.standardError.write(Data("signal \(number): stopping sandbox sshd\n".utf8))
            if let readyFile { unlink(readyFile) }
        case .sshdExited:
            if let readyFile { unlink(readyFile) }
            let tail =
                (try? String(contentsOfFile: sandbox.sshdLogPath, encoding: .utf8))?
                .split(separator: "\n").suffix(20).joined(separator: "\n") ?? ""
            FileHandle.standardError.write(Data("sshd exited unexpectedly; last log lines:\n\(tail)\n".utf8))
            throw ExitCode(1)
        }
    }
}
