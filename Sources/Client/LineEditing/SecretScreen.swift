/// Decides which chat lines may be written to the history file. A history file outlives the
/// session and is easy to copy, so a line that may hold a secret is never kept:
/// - a line that starts with a space (the shells' `ignorespace` convention, to keep one out),
/// - a line holding the value of a known secret (the `--api-key-env` token, the values of the
///   variables hosts.json names in `passphrase_env` and `approval_key_env`),
/// - a line that looks like it carries a credential: `password=…`, `token: …`, a private key
///   block, or a well-known token prefix (`sk-`, `ghp_`, `github_pat_`, `glpat-`, `xoxb-`, `AKIA`).
///
/// The patterns err on the side of forgetting a harmless line.
public struct SecretScreen: Sendable {
    private let secrets: [String]

    /// Secrets shorter than 4 characters are ignored: they would match everywhere.
    public init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    public func mayKeep(_ line: String) -> Bool {
        if line.hasPrefix(" ") { return false }
        if secrets.contains(where: { line.contains($0) }) { return false }
        let lower = line.lowercased()
        if lower.contains("-----begin") { return false }
        for keyword in Self.keywords {
            var rest = lower[...]
            while let range = rest.range(of: keyword) {
                let after = rest[range.upperBound...].drop(while: { $0 == " " || $0 == "\"" || $0 == "'" })
                if after.first == "=" || after.first == ":" { return false }
                rest = rest[range.upperBound...]
            }
        }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" || $0 == "=" })
        for word in words where Self.tokenPrefixes.contains(where: { word.hasPrefix($0) && word.count >= $0.count + 8 }) {
            return false
        }
        return true
    }

    static let keywords = ["password", "passwd", "passphrase", "secret", "token", "api_key", "api-key", "apikey"]
    static let tokenPrefixes = ["sk-", "ghp_", "gho_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "AKIA"]
}
