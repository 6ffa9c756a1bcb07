import Foundation

/// Runs a local shell command and returns its status and output (stdout; add `2>&1` for both).
/// posix_spawn and a file, not Foundation's Process and a pipe: a daemon the command starts could
/// hold a pipe open, and Process has hung waiting for such shells.
enum LocalShell {
    static func run(_ command: String) throws -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "sfa-fault-shell-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let script = "exec >\(outputPath) </dev/null; " + command
        var pid: pid_t = 0
        let strings: [String] = ["/bin/sh", "-c", script]
        var arguments: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        arguments.append(nil)
        defer { arguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, arguments, environ)
        guard spawned == 0 else { throw NSError(domain: "posix_spawn", code: Int(spawned)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return ((status >> 8) & 0xff, String(decoding: data, as: UTF8.self))
    }
}
