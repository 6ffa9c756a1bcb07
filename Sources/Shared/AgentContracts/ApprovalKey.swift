import Crypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The shared secret behind signed approvals, as text: the server's `approval_key_file` holds it
/// and the client's `approval_key_env` variable holds the same text. Hex (64 or more digits) or
/// base64 (standard or url-safe) of at least 32 random bytes, e.g. `openssl rand -hex 32`;
/// surrounding whitespace is ignored. Errors never quote the text: it is the key.
public enum ApprovalKey {
    public static let minimumBytes = 32

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case notText
        case tooShort(bytes: Int)

        public var description: String {
            switch self {
            case .empty: "the approval key is empty"
            case .notText: "the approval key is not hex or base64 text (make one with `openssl rand -hex 32`)"
            case .tooShort(let bytes):
                "the approval key holds \(bytes) bytes; at least \(ApprovalKey.minimumBytes) are needed (`openssl rand -hex 32`)"
            }
        }
    }

    public static func parse(_ text: String) throws(Problem) -> SymmetricKey {
        let trimmed = Substring(text).drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
            .map(String.init).joined()
        guard !trimmed.isEmpty else { throw .empty }
        let bytes: [UInt8]
        let characters = Array(trimmed)
        if characters.count % 2 == 0, characters.allSatisfy({ $0.isHexDigit && $0.isASCII }) {
            bytes = stride(from: 0, to: characters.count, by: 2).map { UInt8(String(characters[$0...$0 + 1]), radix: 16)! }
        } else if let decoded = Data(base64Encoded: trimmed).map(Array.init) ?? Base64URL.decode(trimmed) {
            bytes = decoded
        } else {
            throw .notText
        }
        guard bytes.count >= minimumBytes else { throw .tooShort(bytes: bytes.count) }
        return SymmetricKey(data: bytes)
    }
}
