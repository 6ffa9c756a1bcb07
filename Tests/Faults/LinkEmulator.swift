// The user-space link emulator (linkemu/lossy_link.py) as a child of the test: started, waited for
// until its link is up, and stopped with its statistics printed. Its stdin is a socket whose other
// end only we hold, so if the test process dies the emulator reads end of file and ends, and its
// TUN devices (not persistent) vanish with it: nothing is left behind by a crashed run.
import Foundation
import SandboxSSHD
import Synchronization

/// What the emulated link does to packets. The delay is one-way, applied in each direction named.
struct LinkShape: Sendable {
    enum Directions: String, Sendable {
        /// Only packets into the namespace (toward the sshd): what netem on our end's egress did.
        case toNamespace = "to-namespace"
        case fromNamespace = "from-namespace"
        case both
    }

    var lossPercent: Double
    var delayMilliseconds: Double
    var directions: Directions
}

final class LinkEmulator: Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("linkemu/lossy_link.py").path
    static let readyTimeout: Duration = .seconds(10)

    let pid: pid_t
    /// The emulator's "ready: …" line: its devices, addresses and exact configuration.
    let configuration: String
    private let outputPath: String
    /// Our end of the emulator's stdin; closing it asks the emulator to end.
    private let lifeline: Int32
    private let stopped = Mutex(false)

    struct Failed: Error, CustomStringConvertible {
        let reason: String
        var description: String {
            "the link emulator (\(LinkEmulator.script)) did not come up: \(reason). The loss-and-delay fault test "
                + "needs root, python3 and iproute2 (scripts/install-deps.sh installs them) and the kernel's TUN "
                + "driver with /dev/net/tun."
        }
    }

    /// Starts the emulator and returns once both ends of its link are up, or throws its reason.
    init(namespace: String, outer: String, inner: String, outerAddress: String, innerAddress: String, shape: LinkShape)
        async throws
    {
        outputPath = NSTemporaryDirectory() + "sfa-fault-link-" + UUID().uuidString
        let arguments = [
            "python3", Self.script, "--namespace", namespace, "--outer", outer, "--inner", inner,
            "--outer-address", outerAddress, "--inner-address", innerAddress,
            "--loss", "\(shape.lossPercent)", "--delay", "\(shape.delayMilliseconds)",
            "--directions", shape.directions.rawValue,
        ]
        (pid, lifeline) = try Self.spawn(arguments, outputPath: outputPath)
        let deadline = ContinuousClock.now + Self.readyTimeout
        while true {
            let output = Self.read(outputPath)
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("ready:") }) {
                configuration = String(line)
                return
            }
            var status: Int32 = 0
            let exited = waitpid(pid, &status, WNOHANG) == pid
            if exited || ContinuousClock.now >= deadline {
                if !exited { Self.end(pid, lifeline) } else { close(lifeline) }
                try? FileManager.default.removeItem(atPath: outputPath)
                let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
                let said = trimmed.isEmpty ? "no output" : trimmed
                throw Failed(
                    reason: exited
                        ? "it exited with status \((status >> 8) & 0xff): \(said)"
                        : "no ready line within \(Self.readyTimeout) (it said: \(said))")
            }
            try? await Task.sleep(for: .milliseconds(25))
        }
    }

    deinit { stop() }

    /// Ends the emulator (its devices go with it) and returns its last words: packets seen,
    /// dropped and delivered each way. Idempotent.
    @discardableResult
    func stop() -> String {
        guard
            !stopped.withLock({ done in
                defer { done = true }
                return done
            })
        else { return "" }
        Self.end(pid, lifeline)
        let output = Self.read(outputPath)
        try? FileManager.default.removeItem(atPath: outputPath)
        return output.split(separator: "\n").last(where: { $0.hasPrefix("stopped:") }).map(String.init)
            ?? "(no statistics: \(output.trimmingCharacters(in: .whitespacesAndNewlines)))"
    }

    /// End of file on its stdin (it prints its statistics and leaves), SIGKILL if it has not
    /// left within 5 s; reaped either way.
    private static func end(_ pid: pid_t, _ lifeline: Int32) {
        close(lifeline)
        var status: Int32 = 0
        for _ in 0..<200 {
            if waitpid(pid, &status, WNOHANG) != 0 { return }
            usleep(25_000)
        }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// posix_spawnp with stdin a socket whose other end only we hold (close-on-exec, so no other
    /// child — sshd, ssh — inherits it and keeps the emulator alive after we are gone), stdout and
    /// stderr to `outputPath`, and every signal at its default action.
    private static func spawn(_ arguments: [String], outputPath: String) throws -> (pid_t, Int32) {
        // A socket pair, not pipe(): it is close-on-exec from birth (Glibc's pipe2 is not visible
        // to Swift), so no process spawned meanwhile by another thread can inherit it.
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw Failed(reason: "socketpair: \(String(cString: strerror(errno)))")
        }
        defer { close(ends[0]) }
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else {
            close(ends[1])
            throw Failed(reason: "cannot create \(outputPath): \(String(cString: strerror(errno)))")
        }
        defer { close(output) }

        do throws(ChildSpawn.Failure) {
            let child = try ChildSpawn.spawn(arguments, searchingPath: true, input: .descriptor(ends[0]), output: output)
            return (child, ends[1])
        } catch {
            close(ends[1])
            throw Failed(reason: "cannot run \(arguments[0]): \(String(cString: strerror(error.code)))")
        }
    }

    private static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
