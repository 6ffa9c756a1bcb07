import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// OpenSSH-style SHA-256 fingerprints ("SHA256:" + unpadded base64), as `ssh-keygen -lf` prints
/// them: for host keys (client) and the key a command was authorised with (enforcer, audit).
public enum KeyFingerprint {
    /// Of an SSH public key blob (the base64-decoded second field of a known_hosts or
    /// authorized_keys line).
    public static func sha256(ofKeyBlob blob: some Sequence<UInt8>) -> String {
        sha256(digest: Array(SHA256.hash(data: Array(blob))))
    }

    /// Of a digest someone else computed (libssh2 hashes the presented host key itself).
    public static func sha256(digest: [UInt8]) -> String {
        var text = Data(digest).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }

    /// Lowercase hex SHA-256 of `bytes` (the policy digest of the probe reply).
    public static func hexDigest(of bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
