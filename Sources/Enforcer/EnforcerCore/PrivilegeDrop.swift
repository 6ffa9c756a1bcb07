#if canImport(Glibc)
    import Glibc
#endif

/// The enforcer may be installed setgid to a dedicated group that alone can read the approval key,
/// write the nonce directory and append to the audit file. It uses the group for exactly those
/// three things, then gives it up for good, as crontab does, before it judges or runs anything.
public enum PrivilegeDrop {
    public struct Failed: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Whether the enforcer holds a group the account does not have (it was started setgid).
    public static var holdsExtraGroup: Bool { getegid() != getgid() }

    /// Sets real, effective and saved group ids to the account's own. `setgid(2)` alone would not
    /// do for an unprivileged process: it changes only the effective id and leaves the saved one,
    /// from which the group could be taken back. `setregid` with the real id set also resets the
    /// saved id. Then checks, in /proc/self/status, that all of them stuck, and that the group
    /// cannot be taken back.
    public static func dropGroupForGood() throws(Failed) {
        let privileged = getegid()
        let own = getgid()
        guard privileged != own else { return }
        guard setregid(own, own) == 0 else {
            throw Failed(description: "setregid(\(own)) failed: \(SystemError.text(errno))")
        }
        let ids = groupIDs()
        guard ids.count == 4, ids.allSatisfy({ $0 == own }) else {
            throw Failed(description: "the group ids did not all change to \(own) (real, effective, saved, fs: \(ids))")
        }
        if getuid() != 0, setegid(privileged) == 0 {
            throw Failed(description: "group \(privileged) could be taken back after dropping it")
        }
        if supplementaryGroups().contains(privileged) {
            throw Failed(
                description:
                    "the account itself is a member of group \(privileged), so its commands could read what only the enforcer should; remove it from that group"
            )
        }
    }

    /// Real, effective, saved and filesystem group ids, from the kernel's own report.
    static func groupIDs() -> [gid_t] {
        guard let bytes = try? SmallFile.read("/proc/self/status", maxBytes: 1 << 16).bytes else { return [] }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Gid:") {
            return line.dropFirst(4).split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { gid_t($0) }
        }
        return []
    }

    static func supplementaryGroups() -> [gid_t] {
        let count = getgroups(0, nil)
        guard count > 0 else { return [] }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let filled = getgroups(count, &groups)
        return filled > 0 ? Array(groups[0..<Int(filled)]) : []
    }
}
