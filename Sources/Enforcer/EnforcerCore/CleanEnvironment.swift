#if canImport(Glibc)
    import Glibc
#endif

/// The environment a command runs in: a fixed `PATH`, pagers that never wait for a terminal, the
/// account's identity and locale, sshd's connection variables — and nothing a client could have
/// smuggled in to change what the shell runs (`LD_*`, `BASH_ENV`, `ENV`, `PAGER=…`).
/// `SSH_ORIGINAL_COMMAND` stays out too: it holds the approval token.
public enum CleanEnvironment {
    public static let path = "/usr/local/bin:/usr/bin:/bin"
    static let kept: Set<String> = [
        "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "MAIL",
        "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "SSH_USER_AUTH",
    ]

    /// `KEY=value` entries for `execve`.
    public static func entries(from current: [(key: String, value: String)]) -> [String] {
        var result = ["PATH=\(path)", "PAGER=cat", "GIT_PAGER=cat"]
        for (key, value) in current where keeps(key) {
            result.append("\(key)=\(value)")
        }
        return result
    }

    static func keeps(_ key: String) -> Bool {
        kept.contains(key) || (key.hasPrefix("LC_") && key.count > 3)
    }

    /// The entries of this process's environment that are kept, as pairs. Only the name of each
    /// entry becomes a Swift string (short names stay inline, no allocation); a value is copied
    /// only when it is kept.
    public static func currentPairs() -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var cursor = environ
        while let entry = cursor.pointee {
            cursor += 1
            guard let equals = strchr(entry, Int32(UInt8(ascii: "="))) else { continue }
            let nameLength = entry.distance(to: equals)
            let name = UnsafeRawBufferPointer(start: entry, count: nameLength)
            let key = String(decoding: name, as: UTF8.self)
            guard keeps(key) else { continue }
            pairs.append((key, String(cString: equals + 1)))
        }
        return pairs
    }
}
