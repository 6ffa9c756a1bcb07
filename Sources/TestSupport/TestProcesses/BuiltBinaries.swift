import Foundation

/// Where SwiftPM put the package's executables, so tests can run them as a user would.
public enum BuiltBinaries {
    /// The build products directory: `SFA_BIN_DIR` when set, else the directory of the running
    /// test bundle (SwiftPM puts executables beside it).
    public static var directory: String {
        if let explicit = ProcessInfo.processInfo.environment["SFA_BIN_DIR"], !explicit.isEmpty { return explicit }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/", !url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        if url.path == "/" { url = Bundle.main.bundleURL }
        return url.deletingLastPathComponent().path
    }

    /// The executable `name`; throws when the build has not made it, so a test says why it cannot run.
    public static func path(_ name: String) throws -> String {
        let path = directory + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else { throw MissingBinary(path: path) }
        return path
    }

    /// Runs the executable `name` as `LocalProgram.run` does.
    public static func run(
        _ name: String, _ arguments: [String], environment extra: [String: String] = [:],
        currentDirectory: String? = nil, stdin: String = ""
    ) throws -> ProgramOutput {
        try LocalProgram.run(
            path(name), arguments, environment: extra, currentDirectory: currentDirectory, stdin: stdin)
    }
}

public struct MissingBinary: Error, CustomStringConvertible {
    public let path: String
    public var description: String {
        "\(path) is missing: build the package (swift build --build-tests) before running the tests, or set SFA_BIN_DIR"
    }
}
