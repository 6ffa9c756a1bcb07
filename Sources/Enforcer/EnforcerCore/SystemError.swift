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

    /// The first `name:x:UID:…` line whose third field is `uid`. A byte scan, not `split`:
    /// this runs for every command, and splitting the whole file cost the enforcer 5 % of its run.
    static func name(ofUID uid: uid_t, inPasswd bytes: [UInt8]) -> String? {
        let newline = UInt8(ascii: "\n")
        let colon = UInt8(ascii: ":")
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            // Fields 0 (name), 1 (password), 2 (uid).
            var colons: [Int] = []
            var index = lineStart
            while index < lineEnd, colons.count < 3 {
                if bytes[index] == colon { colons.append(index) }
                index += 1
            }
            let uidEnd = colons.count >= 3 ? colons[2] : lineEnd
            guard colons.count >= 2, colons[0] > lineStart, bytes[lineStart] != UInt8(ascii: "#"),
                let value = uid_t(String(decoding: bytes[(colons[1] + 1)..<uidEnd], as: UTF8.self)), value == uid
            else { continue }
            return String(decoding: bytes[lineStart..<colons[0]], as: UTF8.self)
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
