import Foundation

/// Runs a short-lived helper (ssh-keygen, useradd, usermod) to completion and keeps what it
/// printed, so a failure can be reported with the helper's own words.
enum HelperCommand {
    struct Result {
        let status: Int32
        let output: String
    }

    /// Runs `path args...` with stdout and stderr merged into one captured text.
    static func run(_ path: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a helper that fills the pipe would otherwise block forever.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: data, as: UTF8.self))
    }

    /// Like `run`, but a non-zero exit is an error naming the command line.
    @discardableResult
    static func runChecked(_ path: String, _ arguments: [String]) throws -> String {
        let result = try run(path, arguments)
        guard result.status == 0 else {
            throw SandboxError.commandFailed(
                command: commandLine(path, arguments),
                status: result.status, output: result.output)
        }
        return result.output
    }

    static func commandLine(_ path: String, _ arguments: [String]) -> String {
        ([path] + arguments).joined(separator: " ")
    }
}
