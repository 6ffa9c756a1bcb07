import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Proof, carried in the reserved line's `approval=` field, that a human approved one exact command
/// for one account on one host alias, until an expiry. The enforcer checks it before it runs a
/// `needs_confirmation` command.
///
/// Two forms:
/// - `v1.<expiry>.<nonce>.<mac>` — signed: `mac` is HMAC-SHA256 under the host's approval key (shared by
///   the client's `approval_key_env` and the server's `approval_key_file`) over user, host alias,
///   expiry, nonce and the command's exact bytes. A forged, edited or expired token fails `verify`;
///   the enforcer keeps nonces until expiry to refuse a replay.
/// - `u1.<expiry>.<nonce>` — unsigned: says only that the client asked a human; the enforcer records it
///   as `confirmation: unsigned`.
///
/// `expiry` is Unix seconds; `nonce` 32 hex digits; `mac` unpadded base64url. No field holds the key.
public struct ApprovalToken: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case signed = "v1"
        case unsigned = "u1"
    }

    /// What a token is about; the MAC covers every field.
    public struct Subject: Sendable, Equatable {
        public var user: String
        public var hostAlias: String
        public var command: String

        public init(user: String, hostAlias: String, command: String) {
            self.user = user
            self.hostAlias = hostAlias
            self.command = command
        }
    }

    public enum Failure: Error, Sendable, Equatable {
        case malformed
        case unsigned
        case expired(expiry: Int64, now: Int64)
        /// The MAC does not match: a forged token, another key, or an edited command, user or host.
        case badSignature
    }

    public let kind: Kind
    public let expiry: Int64
    /// Single-use id; also the token id the audit trail records.
    public let nonce: String
    let mac: [UInt8]?

    /// A signed token for `subject`, valid until `expiry` (Unix seconds).
    public static func signed(
        _ subject: Subject, expiry: Int64, nonce: String = ApprovalToken.newNonce(),
        key: SymmetricKey
    ) -> ApprovalToken {
        ApprovalToken(kind: .signed, expiry: expiry, nonce: nonce, mac: authenticationCode(subject, expiry, nonce, key))
    }

    public static func unsigned(expiry: Int64, nonce: String = ApprovalToken.newNonce()) -> ApprovalToken {
        ApprovalToken(kind: .unsigned, expiry: expiry, nonce: nonce, mac: nil)
    }

    public static func newNonce() -> String {
        (0..<2).map { _ in hex(UInt64.random(in: .min ... .max)) }.joined()
    }

    /// The token as it travels in the reserved line.
    public var text: String {
        let head = "\(kind.rawValue).\(expiry).\(nonce)"
        guard let mac else { return head }
        return head + "." + Base64URL.encode(mac)
    }

    public init(parsing text: String) throws(Failure) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let kind = Kind(rawValue: parts.first ?? ""), parts.count == (kind == .signed ? 4 : 3),
            let expiry = Int64(parts[1]), expiry > 0,
            parts[2].count == 32, parts[2].allSatisfy(\.isHexDigit)
        else { throw .malformed }
        var mac: [UInt8]?
        if kind == .signed {
            guard let decoded = Base64URL.decode(parts[3]), decoded.count == 32 else { throw .malformed }
            mac = decoded
        }
        self.init(kind: kind, expiry: expiry, nonce: parts[2], mac: mac)
    }

    /// Checks the signature and the expiry (not the nonce: single use needs the enforcer's state).
    public func verify(_ subject: Subject, key: SymmetricKey, now: Int64) throws(Failure) {
        guard kind == .signed, let mac else { throw .unsigned }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.message(subject, expiry, nonce), using: key) else {
            throw .badSignature
        }
        guard now < expiry else { throw .expired(expiry: expiry, now: now) }
    }

    // MARK: -

    private init(kind: Kind, expiry: Int64, nonce: String, mac: [UInt8]?) {
        self.kind = kind
        self.expiry = expiry
        self.nonce = nonce
        self.mac = mac
    }

    private static func authenticationCode(_ subject: Subject, _ expiry: Int64, _ nonce: String, _ key: SymmetricKey) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message(subject, expiry, nonce), using: key))
    }

    /// Length-prefixed fields, so no choice of user, alias or command can shift bytes between fields.
    static func message(_ subject: Subject, _ expiry: Int64, _ nonce: String) -> [UInt8] {
        var bytes = Array("ssh-for-agents approval v1\n".utf8)
        for field in [subject.user, subject.hostAlias, String(expiry), nonce, subject.command] {
            let utf8 = Array(field.utf8)
            bytes += withUnsafeBytes(of: UInt64(utf8.count).bigEndian, Array.init)
            bytes += utf8
        }
        return bytes
    }
}

private func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}

/// Unpadded base64url (RFC 4648 §5), so tokens need no quoting in a shell comment.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_")
            .replacing("=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var standard = text.replacing("-", with: "+").replacing("_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map(Array.init)
    }
}
