import Foundation

/// Why a sandbox could not be set up or run. Each message names the fix, because the reader is
/// usually someone whose test just failed on a machine they did not prepare.
public enum SandboxError: Error, CustomStringConvertible, Sendable {
    /// A required OpenSSH program is not installed.
    case programMissing(path: String, package: String)
    /// Running as root, but the login account could not be created or unlocked.
    case accountSetupFailed(account: String, command: String, output: String)
    /// Not root, and the current uid has no passwd entry to log in as.
    case currentUserUnknown(uid: UInt32)
    /// The sandbox directory could not be made or prepared.
    case directoryFailed(path: String, reason: String)
    /// A helper (ssh-keygen, useradd) exited non-zero.
    case commandFailed(command: String, status: Int32, output: String)
    /// sshd exited or never answered with an SSH banner; `logTail` is the end of its log.
    case sshdFailedToStart(port: Int, reason: String, logPath: String, logTail: String)
    /// A socket call on 127.0.0.1 failed (finding a free port).
    case loopbackFailed(operation: String, reason: String)
    /// `restart()` after `stop()`: the directory and keys are gone.
    case alreadyStopped(directory: String)

    public var description: String {
        switch self {
        case .programMissing(let path, let package):
            return "\(path) not found: install \(package) (apt-get install -y \(package))"
        case .accountSetupFailed(let account, let command, let output):
            return "could not prepare login account '\(account)': `\(command)` failed: "
                + "\(output.trimmed). Create it by hand: useradd -m -s /bin/sh \(account) && "
                + "usermod -p '*' \(account)"
        case .currentUserUnknown(let uid):
            return "uid \(uid) has no passwd entry, so sshd cannot log in as it; run as a user "
                + "listed in /etc/passwd, or as root so the sandbox creates its own account"
        case .directoryFailed(let path, let reason):
            return "sandbox directory \(path): \(reason); pass another directory or check "
                + "permissions and free space"
        case .commandFailed(let command, let status, let output):
            return "`\(command)` exited with status \(status): \(output.trimmed)"
        case .sshdFailedToStart(let port, let reason, let logPath, let logTail):
            return "sshd did not start on 127.0.0.1:\(port): \(reason). Last lines of "
                + "\(logPath):\n\(logTail)"
        case .loopbackFailed(let operation, let reason):
            return "\(operation) on 127.0.0.1 failed: \(reason); check that the loopback "
                + "interface is up (ip link set lo up)"
        case .alreadyStopped(let directory):
            return "sandbox in \(directory) was stopped and its keys removed; start a new one "
                + "with SandboxSSHD.start()"
        }
    }
}

extension String {
    var trimmed: String {
        let text = trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(no output)" : text
    }
}
