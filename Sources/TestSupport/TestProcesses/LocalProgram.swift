import Foundation

/// A program's exit status and both of its streams, as text.
public struct ProgramOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// stdout, then stderr.
    public var both: String { stdout + stderr }

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a local program to its end with stdout and stderr on pipes and no terminal.
public enum LocalProgram {
    /// `environment` is added to the test's own. `stdin` is written to a pipe that is then closed;
    /// nil gives the program /dev/null instead.
    public static func run(
        _ path: String, _ arguments: [String], environment extra: [String: String] = [:],
        currentDirectory: String? = nil, stdin: String? = ""
    ) throws -> ProgramOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe()
        let err = Pipe()
        let input = stdin.map { _ in Pipe() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        if let input, let stdin {
            if !stdin.isEmpty { input.fileHandleForWriting.write(Data(stdin.utf8)) }
            try input.fileHandleForWriting.close()
        }
        // Drain both pipes at once so a chatty child never blocks on a full pipe.
        let stdoutData = BackgroundRead(out.fileHandleForReading)
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProgramOutput(
            status: process.terminationStatus, stdout: String(decoding: stdoutData.wait(), as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// Reads a file handle to its end on a background thread.
final class BackgroundRead: Sendable {
    private let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
