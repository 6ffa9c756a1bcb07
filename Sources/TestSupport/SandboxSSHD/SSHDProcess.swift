import Foundation

/// Starts one `sshd -D` listener and stops it together with every connection it spawned.
/// `-D` keeps sshd in the foreground as our child (see `SSHDChild`), so its pid is the
/// listener's own and we reap it ourselves.
enum SSHDProcess {
    static let sshdPath = "/usr/sbin/sshd"
    static let ipPath = "/usr/sbin/ip"
    static let readyTimeout: Duration = .seconds(10)

    /// Why a launch did not come up; `addressInUse` means "try again", anything else is final.
    struct LaunchFailure: Error {
        let addressInUse: Bool
        let error: SandboxError
    }

    /// Launches sshd with the config already written for `port` and returns once it is listening
    /// and answers with an SSH banner.
    static func launch(layout: SandboxLayout, port: Int, listener: SandboxListener = .loopback) async throws -> SSHDChild {
        let logStart = fileSize(layout.log)
        let sshdArguments = ["-D", "-f", layout.config, "-E", layout.log]
        // Messages printed before sshd honours -E (bad command line) land in the same log.
        // `ip netns exec` execs sshd, so the pid stays the listener's own.
        let process =
            try listener.namespace.map { namespace in
                try SSHDChild(
                    path: ipPath, arguments: ["netns", "exec", namespace, sshdPath] + sshdArguments,
                    outputPath: layout.log)
            } ?? SSHDChild(path: sshdPath, arguments: sshdArguments, outputPath: layout.log)

        let deadline = ContinuousClock.now + readyTimeout
        let listening = "Server listening on \(listener.address) port \(port)."
        while true {
            if let status = process.terminationStatus {
                let output = newLog(layout.log, from: logStart)
                throw LaunchFailure(
                    addressInUse: output.contains("Address already in use"),
                    error: failure(
                        port, "sshd exited with status \(status)",
                        layout, from: logStart))
            }
            // The log line proves the banner came from our sshd, not a process that took the
            // port between our probe and sshd's bind.
            if newLog(layout.log, from: logStart).contains(listening),
                !listener.reachableFromHere || LoopbackPort.answersSSH(port: port, on: listener.address)
            {
                return process
            }
            if ContinuousClock.now >= deadline {
                stop(process)
                throw LaunchFailure(
                    addressInUse: false,
                    error: failure(
                        port, "no SSH banner within \(readyTimeout)", layout, from: logStart))
            }
            do {
                try await Task.sleep(for: .milliseconds(25))
            } catch {
                stop(process)
                throw error
            }
        }
    }

    /// Stops the listener and every process below it, then reaps the listener. The listener is
    /// frozen first so it cannot fork a new connection while its tree is being collected, and
    /// each collected process is frozen too until no new one appears.
    static func stop(_ process: SSHDChild) {
        let listener = process.pid
        guard process.isRunning else { return }
        kill(listener, SIGSTOP)
        var frozen = Set<pid_t>()
        while true {
            let fresh = ProcessTree.descendants(of: listener).filter { !frozen.contains($0) }
            if fresh.isEmpty { break }
            for pid in fresh { kill(pid, SIGSTOP) }
            frozen.formUnion(fresh)
        }
        // Connections die abruptly, as on a server crash: clients see their socket close.
        for pid in frozen { kill(pid, SIGKILL) }
        // The listener gets SIGTERM so it closes its socket and removes its pid file itself.
        kill(listener, SIGTERM)
        kill(listener, SIGCONT)
        if !waitUntil(seconds: 5, { !process.isRunning }) {
            kill(listener, SIGKILL)
        }
        process.waitUntilExit()
        _ = waitUntil(seconds: 2) { !frozen.contains(where: ProcessTree.isAlive) }
    }

    private static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    private static func failure(
        _ port: Int, _ reason: String, _ layout: SandboxLayout,
        from offset: UInt64
    ) -> SandboxError {
        let lines = newLog(layout.log, from: offset).split(separator: "\n").suffix(20)
        return .sshdFailedToStart(
            port: port, reason: reason, logPath: layout.log,
            logTail: lines.isEmpty ? "(log is empty)" : lines.joined(separator: "\n"))
    }

    private static func fileSize(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_size) : 0
    }

    /// What sshd appended to its log since `offset`, i.e. what this launch said.
    private static func newLog(_ path: String, from offset: UInt64) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }
}
