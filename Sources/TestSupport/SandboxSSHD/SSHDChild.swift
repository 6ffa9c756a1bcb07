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

        do throws(ChildSpawn.Failure) {
            pid = try ChildSpawn.spawn([path] + arguments, input: .devNull, output: output)
        } catch {
            throw Self.spawnError(path, error.code)
        }
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
