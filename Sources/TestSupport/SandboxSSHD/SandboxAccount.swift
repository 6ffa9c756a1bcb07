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
        return SandboxAccount(
            name: String(cString: entry.pointee.pw_name),
            home: String(cString: entry.pointee.pw_dir))
    }

    /// Creates the account if missing and makes it loginable by key. Two test processes may
    /// get here at once, and concurrent `useradd`s of one name do not fail cleanly: on Debian 12
    /// each may "succeed", the last /etc/passwd write wins, and the home directory is left owned
    /// by a uid that no longer exists. So the whole check-and-create runs under a file lock.
    private static func prepareDedicated(_ name: String) throws -> SandboxAccount {
        try withAccountLock(name) {
            if getpwnam(name) == nil {
                try runAccountTool(name, "/usr/sbin/useradd", ["-m", "-s", "/bin/sh", name])
            }
            guard let entry = getpwnam(name) else {
                throw SandboxError.accountSetupFailed(
                    account: name, command: "getpwnam(\(name))",
                    output: "no passwd entry after useradd")
            }
            let home = String(cString: entry.pointee.pw_dir)
            let shell = String(cString: entry.pointee.pw_shell)
            let uid = entry.pointee.pw_uid
            let gid = entry.pointee.pw_gid
            // With `UsePAM no` sshd refuses an account whose password field starts with "!"
            // (locked), which is what useradd leaves; "*" means "no password" yet allows keys.
            if shell != "/bin/sh" || passwordField(of: name) != "*" {
                try runAccountTool(name, "/usr/sbin/usermod", ["-p", "*", "-s", "/bin/sh", name])
            }
            try ensureHome(home, uid: uid, gid: gid, account: name)
            return SandboxAccount(name: name, home: home)
        }
    }

    /// Serialises account setup across processes (flock is released when the fd closes, also
    /// when a test process dies holding it).
    private static func withAccountLock<T>(_ account: String, _ body: () throws -> T) throws -> T {
        let path = "/run/lock/ssh-for-agents-sandbox-account.lock"
        try? FileManager.default.createDirectory(atPath: "/run/lock", withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SandboxError.accountSetupFailed(
                account: account, command: "open \(path)",
                output: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw SandboxError.accountSetupFailed(
                    account: account, command: "flock \(path)",
                    output: String(cString: strerror(errno)))
            }
        }
        return try body()
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

    /// Tests write marker files in the home directory, so it must exist and belong to the
    /// account, also for an account made by hand without -m or left over from an older race.
    private static func ensureHome(_ home: String, uid: uid_t, gid: gid_t, account: String) throws {
        var info = stat()
        if stat(home, &info) == 0, info.st_uid == uid { return }
        guard mkdir(home, 0o755) == 0 || errno == EEXIST, chown(home, uid, gid) == 0 else {
            throw SandboxError.accountSetupFailed(
                account: account, command: "mkdir/chown \(home)",
                output: String(cString: strerror(errno)))
        }
    }

    /// Runs useradd or usermod; shadow-utils also fail at once when another program holds
    /// /etc/passwd's lock, so a few retries cover e.g. a package install running meanwhile.
    private static func runAccountTool(_ account: String, _ path: String, _ arguments: [String]) throws {
        var last = HelperCommand.Result(status: 0, output: "")
        for attempt in 0..<10 {
            if attempt > 0 { usleep(200_000) }
            last = try HelperCommand.run(path, arguments)
            if last.status == 0 { return }
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
