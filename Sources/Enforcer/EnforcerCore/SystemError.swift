#if canImport(Glibc)
    import Glibc
#endif

/// errno in words, for messages.
enum SystemError {
    static func text(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// The account the enforcer runs as (sshd started it as the agent).
public enum AccountName {
    public static var current: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }

    /// The short host name: the default `host_alias`.
    public static var shortHostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(cString: buffer)
        return String(name.split(separator: ".").first ?? Substring(name))
    }
}
