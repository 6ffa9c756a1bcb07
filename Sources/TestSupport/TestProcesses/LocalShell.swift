import Foundation

/// Runs a local shell command and returns its status and stdout (add `2>&1` for both).
///
/// posix_spawn, waitpid and a file, not Foundation's Process and a pipe: a daemon the command
/// starts (ssh-agent) could hold a pipe open, and Process has hung in waitUntilExit for shells
/// whose child daemonised.
public enum LocalShell {
    /// `discardingStderr`: stderr to /dev/null; otherwise it goes where the test's own goes.
    @discardableResult
    public static func run(_ command: String, discardingStderr: Bool = false) throws -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "sfa-shell-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let script = "exec >\(outputPath)\(discardingStderr ? " 2>/dev/null" : "") </dev/null; " + command
        var pid: pid_t = 0
        let strings: [String] = ["/bin/sh", "-c", script]
        var arguments: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        arguments.append(nil)
        defer { for argument in arguments { free(argument) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, arguments, environ)
        guard spawned == 0 else { throw NSError(domain: "posix_spawn", code: Int(spawned)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return ((status >> 8) & 0xff, String(decoding: data, as: UTF8.self))
    }
}
