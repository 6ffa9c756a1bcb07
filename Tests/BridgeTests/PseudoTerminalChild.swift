import Foundation
import Glibc

/// A child whose stdin, stdout and stderr are a pseudo-terminal, driven as a person would: read
/// what it shows, type an answer.
final class PseudoTerminalChild {
    private let process = Process()
    private let master: Int32
    private var seen = ""

    /// An 80x24 terminal; `environment` is added to the test's own.
    init(_ path: String, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(.ENOTTY) }
        self.master = master
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Reads until `marker` has appeared (60 s at most); returns what was read up to and including it.
    func read(until marker: String) throws -> String {
        let deadline = Date().addingTimeInterval(60)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !seen.contains(marker) {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard remaining > 0, poll(&poller, 1, remaining) > 0 else { throw Timeout(marker: marker, seen: seen) }
            let count = Glibc.read(master, &buffer, buffer.count)
            if count <= 0 { throw Timeout(marker: marker, seen: seen) }
            seen += String(decoding: buffer[..<count], as: UTF8.self)
        }
        // What came after the marker stays for the next call (a prompt often arrives in the same read).
        let end = seen.range(of: marker)!.upperBound
        defer { seen = String(seen[end...]) }
        return String(seen[..<end])
    }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.write(master, bytes, bytes.count) == bytes.count else { throw POSIXError(.EIO) }
    }

    func interrupt() {
        kill(process.processIdentifier, SIGINT)
    }

    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    struct Timeout: Error, CustomStringConvertible {
        let marker: String
        let seen: String
        var description: String { "never saw \(marker.debugDescription); the terminal showed: \(seen.debugDescription)" }
    }
}
