import Foundation

/// Quoting for the few commands ssh-for-agents composes itself.
enum ShellQuoting {
    /// `it's` → `'it'\''s'`: safe for any byte sequence except NUL.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
