import Foundation

/// What clients need to reach the sandbox: an `ssh` command line and a hosts.json entry.
extension SandboxSSHD {
    /// Arguments for `/usr/bin/ssh` (without the program itself) that log in to this sandbox
    /// with the ECDSA key, this sandbox's known_hosts only and no prompts. `extra` options go
    /// before the destination, so append the remote command after the result:
    /// `["/usr/bin/ssh"] + sandbox.sshCommandArguments(extra: ["-o", "ControlMaster=auto"]) + ["true"]`.
    public func sshCommandArguments(extra: [String] = []) -> [String] {
        [
            "-F", "/dev/null", // ignore the user's ~/.ssh/config
            "-p", String(port),
            "-l", username,
            "-i", ecdsaKeyPath,
            "-o", "IdentitiesOnly=yes",
            "-o", "IdentityAgent=none",
            "-o", "UserKnownHostsFile=\(knownHostsPath)",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UpdateHostKeys=no",
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=10",
        ] + extra + [host]
    }

    /// Lets the key whose public half is in `publicKeyFile` log in too (an RSA key, a second
    /// client): sshd reads authorized_keys at every login, so this works on a running server.
    public func authorize(publicKeyFile: String) throws {
        let line = try String(contentsOfFile: publicKeyFile, encoding: .utf8)
        let path = directory + "/authorized_keys"
        let current = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        try KeyMaterial.write(current + line + (line.hasSuffix("\n") ? "" : "\n"), to: path, mode: 0o644)
    }

    /// Writes a hosts.json with two entries, `alias` (ed25519 key, passphrase read from the
    /// environment variable `passphraseEnv`) and `alias-ecdsa` (ECDSA key, no passphrase), in
    /// guarded mode. Mode 0600: it points at private keys.
    public func writeHostsJSON(
        to path: String, alias: String = "sandbox",
        passphraseEnv: String = "SANDBOX_KEY_PASSPHRASE"
    ) throws {
        func entry(_ key: String, _ env: String?) -> HostsFile.Host {
            HostsFile.Host(
                hostname: host, port: port, username: username, private_key: key,
                passphrase_env: env, known_hosts: knownHostsPath)
        }
        let file = HostsFile(
            hosts: [
                alias: entry(ed25519KeyPath, passphraseEnv),
                alias + "-ecdsa": entry(ecdsaKeyPath, nil),
            ],
            policy: .init(mode: "guarded"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try PrivateFile.write(try encoder.encode(file), to: path)
    }
}

/// The hosts.json shape the client reads (field names are the file's, hence snake_case).
private struct HostsFile: Encodable {
    struct Host: Encodable {
        let hostname: String
        let port: Int
        let username: String
        let private_key: String
        let passphrase_env: String?
        let known_hosts: String
    }
    struct Policy: Encodable {
        let mode: String
    }
    let hosts: [String: Host]
    let policy: Policy
}
