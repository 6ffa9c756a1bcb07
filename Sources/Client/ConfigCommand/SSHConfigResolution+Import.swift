import Foundation
import OpenSSHTransport

/// What `ssh -G NAME` says OpenSSH would use for a host being imported: its final HostName, User,
/// Port, identity files, known_hosts files and proxies, after every `Include`, `Match` and token.
/// Parsed by the OpenSSH transport's own reader of `ssh -G` output.
extension SSHConfigResolution {
    /// OpenSSH's default identity files, which `ssh -G` lists when none is configured.
    static let defaultIdentityFiles: Set<String> = [
        "~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519",
        "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa",
    ]

    /// Runs `ssh -G -F CONFIG NAME` (nothing is connected) on the file being imported, as given:
    /// not the transport's wrapper config, and not cached.
    static func resolve(_ name: String, configFile: String) throws -> SSHConfigResolution {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh", "-G", "-F", configFile, "--", name]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Refusal("cannot run ssh (the OpenSSH client is needed to read ~/.ssh/config): \(error)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Refusal("`ssh -G \(name)` failed: \(problem.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return parse(text)
    }

    /// The key to configure: the first identity file the config names; with none named, the first
    /// of OpenSSH's defaults that exists (as ssh would try it); nil means ssh-agent.
    func privateKey(homeDirectory: String) -> String? {
        if let explicit = identityFiles.first(where: { !Self.defaultIdentityFiles.contains($0) }) { return explicit }
        return identityFiles.first { FileManager.default.fileExists(atPath: homeDirectory + $0.dropFirst(1)) }
    }

    /// The known_hosts file to configure; nil when it is OpenSSH's default, `~/.ssh/known_hosts`
    /// and `known_hosts2` beside it (which `ssh -G` prints expanded), as that is ours too.
    var knownHosts: String? {
        guard let first = userKnownHostsFiles.first else { return nil }
        let isDefault =
            (first == "~/.ssh/known_hosts" || first.hasSuffix("/.ssh/known_hosts"))
            && userKnownHostsFiles.dropFirst().allSatisfy { $0 == first + "2" }
        return isDefault ? nil : first
    }
}
