import Foundation
import Synchronization

/// The sshd listener as a plain child process, spawned and reaped by us.
///
/// Not Foundation's `Process`: on Linux it learns that a child ended when a socket the child
/// inherited closes, then blocks in `waitpid` on that child from its one monitor thread. sshd
/// closes every inherited descriptor at startup, so that thread would block until sshd exits
/// and no other `Process` in the program (ssh, ssh-keygen) could ever finish.
final class SSHDChild: Sendable {
    let pid: pid_t
    /// The wait status once reaped. Reaping happens under this lock so a pid is waited for once.
    private let exitStatus = Mutex<Int32?>(nil)

    /// Spawns `path arguments...` with stdin from /dev/null and stdout and stderr appended to
    /// `outputPath`, every signal at its default action and none blocked: a parent that ignores
    /// SIGINT (a background job of a script) must not pass that on to sshd and its sessions.
    init(path: String, arguments: [String], outputPath: String) throws {
        let output = open(outputPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw Self.spawnError(path, errno) }
        defer { close(output) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        var none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        guard result == 0 else { throw Self.spawnError(path, result) }
        pid = child
    }

    /// False once the child has exited (and then it is reaped, so no zombie is left).
    var isRunning: Bool { reap(blocking: false) == nil }

    /// The exit code, or 128 + signal number, once the child has exited.
    var terminationStatus: Int32? {
        reap(blocking: false).map { status in
            let signal = status & 0x7f
            return signal == 0 ? (status >> 8) & 0xff : 128 + signal
        }
    }

    /// Blocks until the child has exited and is reaped.
    func waitUntilExit() { _ = reap(blocking: true) }

    private func reap(blocking: Bool) -> Int32? {
        exitStatus.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            var result: pid_t
            repeat {
                result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            } while result == -1 && errno == EINTR
            if result == pid { known = status }
            // ECHILD: someone else reaped it; it is gone either way.
            if result == -1 { known = -1 }
            return known
        }
    }

    private static func spawnError(_ path: String, _ code: Int32) -> SandboxError {
        .sshdFailedToStart(
            port: 0, reason: "cannot run \(path): \(String(cString: strerror(code)))",
            logPath: "-", logTail: "(sshd did not run)")
    }
}
