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
///
/// Read from `/etc/passwd` itself rather than through `getpwuid`: the enforcer is a fully static
/// executable, and glibc's NSS would `dlopen` modules of the glibc it was linked against, which
/// on another distribution may be missing or of another version. Not `$USER`: the account must
/// not be able to choose the name its approvals are checked against. An account that exists only
/// in a directory service (LDAP, sssd) is named by its uid.
public enum AccountName {
    public static var current: String {
        let uid = getuid()
        if let file = try? SmallFile.read("/etc/passwd", maxBytes: 16 << 20),
            let name = name(ofUID: uid, inPasswd: file.bytes)
        {
            return name
        }
        return "uid \(uid)"
    }

    /// The first `name:x:UID:…` line whose third field is `uid`.
    static func name(ofUID uid: uid_t, inPasswd bytes: [UInt8]) -> String? {
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: ":"), maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, !fields[0].isEmpty, fields[0].first != UInt8(ascii: "#"),
                let value = uid_t(String(decoding: fields[2], as: UTF8.self)), value == uid
            else { continue }
            return String(decoding: fields[0], as: UTF8.self)
        }
        return nil
    }

    /// The short host name: the default `host_alias`.
    public static var shortHostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(cString: buffer)
        return String(name.split(separator: ".").first ?? Substring(name))
    }
}
