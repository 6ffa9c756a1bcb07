import Foundation
import XCTest

/// Runs the package's own executables as a user would: separate processes with their own
/// environment, stdout, stderr and exit status.
struct BuiltBinaries {
    /// The build products directory: `SFA_BIN_DIR` when set, else the directory of the running
    /// test bundle (SwiftPM puts executables beside it).
    static var directory: String {
        if let explicit = ProcessInfo.processInfo.environment["SFA_BIN_DIR"], !explicit.isEmpty { return explicit }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/", !url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        if url.path == "/" { url = Bundle.main.bundleURL }
        return url.deletingLastPathComponent().path
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(
        _ name: String, _ arguments: [String], environment extra: [String: String] = [:],
        currentDirectory: String? = nil, stdin: String? = nil
    ) throws -> Output {
        let path = directory + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw MissingBinary(path: path)
        }
        return try runProgram(path, arguments, environment: extra, currentDirectory: currentDirectory, stdin: stdin)
    }

    /// Any program (`/bin/sh -c` for a command line a tool printed), run the same way.
    static func runProgram(
        _ path: String, _ arguments: [String], environment extra: [String: String] = [:],
        currentDirectory: String? = nil, stdin: String? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { $1 }
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
        let stdoutData = ReadAll(out.fileHandleForReading)
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData.wait(), as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

struct MissingBinary: Error, CustomStringConvertible {
    let path: String
    var description: String {
        "\(path) is missing: build the package (swift build --build-tests) before running the tests, or set SFA_BIN_DIR"
    }
}

/// Reads a file handle to its end on a background thread.
final class ReadAll: Sendable {
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
