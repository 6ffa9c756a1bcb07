import AgentContracts

#if canImport(Glibc)
    import Glibc
#endif

/// `cancel id=X`: ends the process group of the command with exec id X — this account's
/// `/bin/sh -c` whose script starts with exactly `ReservedLine.exec(id: X)`, which is what the
/// enforcer runs — and nothing else: not another account's process, not a process that merely
/// mentions the id, not one that does not lead its group.
public enum GroupCancel {
    public enum Outcome: Sendable, Equatable {
        case notFound
        /// TERM was enough.
        case ended(group: pid_t)
        /// It outlived TERM for `grace` and was killed.
        case killed(group: pid_t)
    }

    public static let graceMilliseconds = 3000

    public static func cancel(id: String) -> Outcome {
        guard let leader = findShell(id: id) else { return .notFound }
        kill(-leader, SIGTERM)
        var waited = 0
        while waited < graceMilliseconds {
            if kill(-leader, 0) != 0 { return .ended(group: leader) }
            usleep(50_000)
            waited += 50
        }
        kill(-leader, SIGKILL)
        return .killed(group: leader)
    }

    static func findShell(id: String) -> pid_t? {
        let script = ReservedLine.exec(id: id).text + "\n"
        guard let proc = opendir("/proc") else { return nil }
        defer { closedir(proc) }
        let me = getpid()
        while let entry = readdir(proc) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name), pid != me else { continue }
            var info = stat()
            guard stat("/proc/\(name)", &info) == 0, info.st_uid == getuid() else { continue }
            let argv = commandLine(pid)
            guard argv.count >= 3, argv[0] == "/bin/sh", argv[1] == "-c", argv[2].hasPrefix(script),
                getpgid(pid) == pid
            else { continue }
            return pid
        }
        return nil
    }

    /// `/proc/PID/cmdline` as arguments.
    static func commandLine(_ pid: pid_t) -> [String] {
        let fd = open("/proc/\(pid)/cmdline", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }
}
