// What we can learn from a private key file without its passphrase: does it exist, is it
// readable, which key type, is it encrypted. That is what turns libssh2's generic auth
// failures into precise errors (missing passphrase, wrong passphrase, RSA refused, ...).
import Foundation

struct PrivateKeyFile {
    enum Kind: Equatable {
        case rsa, ecdsa, ed25519, dsa
        case other(String)
        case unknown
    }

    var path: String
    var publicKeyPath: String?
    var kind: Kind
    /// nil when the format does not tell (PKCS#8 and the like).
    var encrypted: Bool?

    static func inspect(path rawPath: String) -> Result<PrivateKeyFile, SSHError> {
        let path = NSString(string: rawPath).expandingTildeInPath
        guard FileManager.default.fileExists(atPath: path) else { return .failure(.privateKeyMissing(path: path)) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(.privateKeyUnreadable(path: path, reason: String(cString: strerror(errno))))
        }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd(), let text = String(data: data, encoding: .utf8) else {
            return .failure(.privateKeyUnreadable(path: path, reason: "it is not a text file or cannot be read"))
        }
        let publicKeyPath = FileManager.default.isReadableFile(atPath: path + ".pub") ? path + ".pub" : nil

        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            return parseOpenSSH(text, path: path, publicKeyPath: publicKeyPath)
        }
        let encrypted = text.contains("ENCRYPTED")
        let kinds: [(String, Kind)] = [("RSA", .rsa), ("EC", .ecdsa), ("DSA", .dsa)]
        for (label, kind) in kinds where text.contains("-----BEGIN \(label) PRIVATE KEY-----") {
            return .success(PrivateKeyFile(path: path, publicKeyPath: publicKeyPath, kind: kind, encrypted: encrypted))
        }
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("-----BEGIN PRIVATE KEY-----") {
            return .success(
                PrivateKeyFile(
                    path: path, publicKeyPath: publicKeyPath, kind: .unknown,
                    encrypted: text.contains("BEGIN ENCRYPTED")))
        }
        return .failure(.privateKeyInvalid(path: path, reason: "no PEM or OpenSSH private key block found"))
    }

    /// openssh-key-v1: magic, cipher name, kdf name, kdf options, key count, public key blob
    /// (unencrypted, so the key type is readable without the passphrase).
    private static func parseOpenSSH(_ text: String, path: String, publicKeyPath: String?) -> Result<PrivateKeyFile, SSHError> {
        let body = text.components(separatedBy: "\n")
            .filter { !$0.hasPrefix("-----") }
            .joined()
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let magic = Array("openssh-key-v1\0".utf8)
        guard let decoded = Data(base64Encoded: body), decoded.starts(with: magic) else {
            return .failure(.privateKeyInvalid(path: path, reason: "damaged OpenSSH key (bad base64 or header)"))
        }
        var reader = SSHWire.Reader(bytes: [UInt8](decoded)[magic.count...])
        guard let cipher = reader.string(), reader.string() != nil, reader.string() != nil,
            reader.uint32() != nil, let publicBlob = reader.string(),
            let typeName = SSHWire.firstString(of: Array(publicBlob))
        else {
            return .failure(.privateKeyInvalid(path: path, reason: "damaged OpenSSH key (truncated)"))
        }
        let kind: Kind =
            switch typeName {
            case "ssh-rsa": .rsa
            case "ssh-ed25519": .ed25519
            case "ssh-dss": .dsa
            case let name where name.hasPrefix("ecdsa-sha2-"): .ecdsa
            default: .other(typeName)
            }
        return .success(
            PrivateKeyFile(
                path: path, publicKeyPath: publicKeyPath, kind: kind,
                encrypted: String(decoding: cipher, as: UTF8.self) != "none"))
    }
}
