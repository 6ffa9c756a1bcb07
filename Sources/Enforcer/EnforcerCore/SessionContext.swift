import AgentContracts

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Who is asking, as sshd tells the ForceCommand: the account, the client's address
/// (`SSH_CONNECTION`) and, with `ExposeAuthInfo yes`, the key it authenticated with
/// (`SSH_USER_AUTH` names a file of `publickey TYPE BASE64` lines).
public struct SessionContext: Sendable {
    public var user: String
    public var connection: SSHConnectionInfo?
    public var keyFingerprint: String?

    public init(user: String, connection: SSHConnectionInfo?, keyFingerprint: String?) {
        self.user = user
        self.connection = connection
        self.keyFingerprint = keyFingerprint
    }

    public static func current() -> SessionContext {
        SessionContext(
            user: AccountName.current,
            connection: environment("SSH_CONNECTION").flatMap(SSHConnectionInfo.init),
            keyFingerprint: environment("SSH_USER_AUTH").flatMap(fingerprint(inAuthInfo:)))
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The first public key in sshd's auth-info file.
    static func fingerprint(inAuthInfo path: String) -> String? {
        guard let bytes = try? PolicyFileLoader.readSmallFile(path) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, fields[0] == "publickey",
                let blob = Data(base64Encoded: String(fields[2]))
            else { continue }
            return KeyFingerprint.sha256(ofKeyBlob: blob)
        }
        return nil
    }
}
