import Foundation

/// Finds and signals the processes an sshd listener has spawned. Each connection's sshd calls
/// setsid() and outlives the listener, so killing the listener alone would leave every open
/// connection (and the commands running in it) behind.
enum ProcessTree {
    /// Every live descendant of `root`, read from /proc.
    static func descendants(of root: pid_t) -> [pid_t] {
        var children: [pid_t: [pid_t]] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry), let parent = parentPID(of: pid) else { continue }
            children[parent, default: []].append(pid)
        }
        var found: [pid_t] = []
        var queue = [root]
        while let next = queue.popLast() {
            let direct = children[next] ?? []
            found += direct
            queue += direct
        }
        return found
    }

    /// True while the process exists and is not a zombie (a reaped-later orphan is gone for us).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return state(of: pid).map { $0 != "Z" && $0 != "X" } ?? false
    }

    /// Fields after the parenthesised command name in /proc/PID/stat: "state ppid ...". The name
    /// may itself contain spaces and parentheses, so split after the last ')'.
    private static func statFields(of pid: pid_t) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    private static func parentPID(of pid: pid_t) -> pid_t? {
        statFields(of: pid).flatMap { $0.count > 1 ? pid_t($0[1]) : nil }
    }

    private static func state(of pid: pid_t) -> Substring? {
        statFields(of: pid)?.first
    }
}
