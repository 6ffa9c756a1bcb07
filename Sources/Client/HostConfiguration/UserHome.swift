import Foundation

/// The user's home directory as the user's shell sees it: `$HOME` first (a test, a container or
/// `sudo -H` sets it on purpose), the password database only when it is unset or empty.
public enum UserHome {
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }
}
