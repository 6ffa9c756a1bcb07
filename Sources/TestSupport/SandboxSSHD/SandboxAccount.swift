import Foundation

/// The account the sandbox logs in as. As root it is a dedicated unprivileged account, so tests
/// exercise a real non-root login; otherwise it is the current user, the only one a non-root
/// sshd can authenticate.
struct SandboxAccount: Sendable {
    let name: String
    let home: String

    static var isRoot: Bool { geteuid() == 0 }

    static func prepare(named name: String) throws -> SandboxAccount {
        isRoot ? try prepareDedicated(name) : try current()
    }

    private static func current() throws -> SandboxAccount {
        guard let entry = getpwuid(getuid()) else {
            throw SandboxError.currentUserUnknown(uid: getuid())
        }
        return SandboxAccount(name: String(cString: entry.pointee.pw_name),
                              home: String(cString: entry.pointee.pw_dir))
    }

    /// Creates the account if missing and makes it loginable by key. Two test processes may do
    /// this at once, so "already exists" counts as success and lock contention is retried.
    private static func prepareDedicated(_ name: String) throws -> SandboxAccount {
        if getpwnam(name) == nil {
            // useradd exits 9 when the name is taken: another sandbox won the race.
            try retryingLocks(name, "/usr/sbin/useradd", ["-m", "-s", "/bin/sh", name],
                              accepted: [0, 9])
        }
        guard let entry = getpwnam(name) else {
            throw SandboxError.accountSetupFailed(account: name, command: "getpwnam(\(name))",
                                                  output: "no passwd entry after useradd")
        }
        let home = String(cString: entry.pointee.pw_dir)
        let shell = String(cString: entry.pointee.pw_shell)
        let uid = entry.pointee.pw_uid, gid = entry.pointee.pw_gid
        // With `UsePAM no` sshd refuses an account whose password field starts with "!"
        // (locked), which is what useradd leaves; "*" means "no password" yet allows keys.
        if shell != "/bin/sh" || passwordField(of: name) != "*" {
            try retryingLocks(name, "/usr/sbin/usermod", ["-p", "*", "-s", "/bin/sh", name],
                              accepted: [0])
        }
        try ensureHome(home, uid: uid, gid: gid, account: name)
        return SandboxAccount(name: name, home: home)
    }

    /// The account's field in /etc/shadow, or nil when it cannot be read.
    private static func passwordField(of name: String) -> String? {
        guard let shadow = try? String(contentsOfFile: "/etc/shadow", encoding: .utf8) else {
            return nil
        }
        for line in shadow.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count > 1, fields[0] == name { return String(fields[1]) }
        }
        return nil
    }

    /// An account that existed without a home (created by hand without -m) still needs one:
    /// tests write marker files there.
    private static func ensureHome(_ home: String, uid: uid_t, gid: gid_t, account: String) throws {
        guard !FileManager.default.fileExists(atPath: home) else { return }
        guard mkdir(home, 0o755) == 0 || errno == EEXIST, chown(home, uid, gid) == 0 else {
            throw SandboxError.accountSetupFailed(
                account: account, command: "mkdir \(home)", output: String(cString: strerror(errno)))
        }
    }

    /// shadow-utils take a lock on /etc/passwd and fail at once when another process holds it.
    private static func retryingLocks(_ account: String, _ path: String, _ arguments: [String],
                                      accepted: Set<Int32>) throws {
        var last = HelperCommand.Result(status: 0, output: "")
        for attempt in 0..<10 {
            if attempt > 0 { usleep(200_000) }
            last = try HelperCommand.run(path, arguments)
            if accepted.contains(last.status) { return }
        }
        throw SandboxError.accountSetupFailed(
            account: account, command: HelperCommand.commandLine(path, arguments),
            output: "exit \(last.status): \(last.output)")
    }

    /// sshd running as root chroots its pre-auth child into /run/sshd and exits at once when the
    /// directory is missing, which it is on containers where the ssh service never ran.
    static func ensurePrivilegeSeparationDirectory() throws {
        let path = "/run/sshd"
        guard isRoot, !FileManager.default.fileExists(atPath: path) else { return }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw SandboxError.directoryFailed(path: path, reason: String(cString: strerror(errno)))
        }
        chmod(path, 0o755)
    }
}
