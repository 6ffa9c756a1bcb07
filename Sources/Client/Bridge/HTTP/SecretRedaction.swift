/// A server may echo what it received (a bad token, the Authorization header) in its error body;
/// such text reaches the terminal and the transcript, so the key is cut out of it first.
struct SecretRedaction: Sendable {
    let secret: String?

    func clean(_ text: String) -> String {
        guard let secret, secret.count >= 4 else { return text }
        return text.replacingOccurrences(of: secret, with: "[api key]")
    }
}
