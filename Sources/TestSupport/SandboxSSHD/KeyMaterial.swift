import Foundation

/// The sandbox's keys, made fresh with ssh-keygen each time: a host key, a client ed25519 key
/// with a passphrase and a client ECDSA key without one (the two paths the transport must load).
struct KeyMaterial: Sendable {
    static let sshKeygenPath = "/usr/bin/ssh-keygen"

    let ed25519Passphrase: String
    /// `SHA256:...`, as `ssh-keygen -lf` prints it.
    let hostKeyFingerprint: String
    /// `ssh-ed25519 AAAA...`: the host public key without its comment, for known_hosts lines.
    let hostPublicKey: String

    static func generate(in layout: SandboxLayout) throws -> KeyMaterial {
        let passphrase = randomPassphrase()
        try keygen(["-t", "ed25519", "-N", "", "-C", "sfa-sandbox-host", "-f", layout.hostKey])
        try keygen([
            "-t", "ed25519", "-N", passphrase, "-C", "sfa-sandbox-ed25519",
            "-f", layout.ed25519Key,
        ])
        try keygen([
            "-t", "ecdsa", "-b", "256", "-N", "", "-C", "sfa-sandbox-ecdsa",
            "-f", layout.ecdsaKey,
        ])

        let authorized = try [layout.ed25519Key, layout.ecdsaKey]
            .map { try String(contentsOfFile: $0 + ".pub", encoding: .utf8) }.joined()
        try write(authorized, to: layout.authorizedKeys, mode: 0o644)

        let hostPublic = try String(contentsOfFile: layout.hostKey + ".pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        // Output: "256 SHA256:abc... comment (ED25519)".
        let listing = try HelperCommand.runChecked(sshKeygenPath, ["-l", "-f", layout.hostKey + ".pub"])
        let fields = listing.split(separator: " ")
        guard fields.count >= 2, fields[1].hasPrefix("SHA256:") else {
            throw SandboxError.commandFailed(
                command: "ssh-keygen -l -f \(layout.hostKey).pub",
                status: 0, output: "unexpected output: \(listing)")
        }
        return KeyMaterial(
            ed25519Passphrase: passphrase,
            hostKeyFingerprint: String(fields[1]), hostPublicKey: hostPublic)
    }

    /// The known_hosts line for this host key at a port; ssh and libssh2 look up non-22 ports
    /// under the bracketed `[host]:port` name.
    func knownHostsLine(host: String, port: Int) -> String {
        "[\(host)]:\(port) \(hostPublicKey)\n"
    }

    private static func keygen(_ arguments: [String]) throws {
        try HelperCommand.runChecked(sshKeygenPath, ["-q"] + arguments)
    }

    /// Letters and digits only, so it survives shells and environment variables unquoted.
    private static func randomPassphrase() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func write(_ text: String, to path: String, mode: mode_t) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw SandboxError.directoryFailed(path: path, reason: "cannot write: \(error)")
        }
        chmod(path, mode)
    }
}
