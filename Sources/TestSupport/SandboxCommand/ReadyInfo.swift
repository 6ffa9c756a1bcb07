import Foundation
import SandboxSSHD

/// What `up` announces once sshd accepts connections: one JSON object for scripts (stdout and
/// the ready file) and a few lines for people (stderr).
struct ReadyInfo: Encodable {
    let host: String
    let port: Int
    let username: String
    let pid: Int32
    let directory: String
    let knownHosts: String
    let hostKeyFingerprint: String
    let ed25519Key: String
    /// Printed on purpose: a throwaway key for this sandbox only, which scripts must export.
    let ed25519Passphrase: String
    let passphraseEnv: String
    let ecdsaKey: String
    let sshdLog: String
    let hostsJSON: String?
    let sshCommand: [String]

    enum CodingKeys: String, CodingKey {
        case host, port, username, pid, directory
        case knownHosts = "known_hosts"
        case hostKeyFingerprint = "host_key_fingerprint"
        case ed25519Key = "ed25519_key"
        case ed25519Passphrase = "ed25519_passphrase"
        case passphraseEnv = "passphrase_env"
        case ecdsaKey = "ecdsa_key"
        case sshdLog = "sshd_log"
        case hostsJSON = "hosts_json"
        case sshCommand = "ssh_command"
    }

    init(_ sandbox: SandboxSSHD, hostsJSON: String?, passphraseEnv: String) {
        host = sandbox.host
        port = sandbox.port
        username = sandbox.username
        pid = sandbox.pid
        directory = sandbox.directory
        knownHosts = sandbox.knownHostsPath
        hostKeyFingerprint = sandbox.hostKeyFingerprint
        ed25519Key = sandbox.ed25519KeyPath
        ed25519Passphrase = sandbox.ed25519Passphrase
        self.passphraseEnv = passphraseEnv
        ecdsaKey = sandbox.ecdsaKeyPath
        sshdLog = sandbox.sshdLogPath
        self.hostsJSON = hostsJSON
        sshCommand = ["/usr/bin/ssh"] + sandbox.sshCommandArguments()
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    var summary: String {
        """
        sandbox sshd ready: \(username)@\(host) port \(port) (sshd pid \(pid), host key \(hostKeyFingerprint))
          directory: \(directory)
          try:       \(sshCommand.joined(separator: " ")) id
          stop:      Ctrl-C, or kill \(getpid())

        """
    }

    /// The ready file holds the passphrase: 0600 from the start, renamed into place so a script
    /// polling for it never reads half a JSON object.
    static func writePrivately(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: nil,
                attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        try handle.write(contentsOf: data)
        try handle.close()
        guard rename(temporary, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
