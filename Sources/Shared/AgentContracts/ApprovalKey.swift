import Crypto

/// The approval key both ends share, as text: the server's `approval_key_file` holds it, the
/// client's `approval_key_env` names the variable that does. One reading for both, so a key that
/// works on one end works on the other: the text's UTF-8 bytes without trailing blanks or newlines
/// (`openssl rand -hex 32 > key` makes a good one).
public enum ApprovalKey {
    /// Shorter keys are refused: 32 characters of hex are 128 bits.
    public static let minimumLength = 32

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case tooShort(length: Int)

        public var description: String {
            switch self {
            case .tooShort(let length):
                "the approval key has \(length) characters; use at least \(ApprovalKey.minimumLength) (e.g. `openssl rand -hex 32`)"
            }
        }
    }

    public static func key(fromText bytes: [UInt8]) throws(Problem) -> SymmetricKey {
        var trimmed = bytes[...]
        while let last = trimmed.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 {
            trimmed = trimmed.dropLast()
        }
        guard trimmed.count >= minimumLength else { throw .tooShort(length: trimmed.count) }
        return SymmetricKey(data: Array(trimmed))
    }
}

extension ApprovalKey {
    /// The key in an environment variable's value (the client's `approval_key_env`).
    public static func key(fromText text: String) throws(Problem) -> SymmetricKey {
        try key(fromText: Array(text.utf8))
    }
}
