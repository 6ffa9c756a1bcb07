import Foundation
import XCTest

@testable import EnforcerCore

/// The loader that runs a command too long for argv: exactly the judged text runs, or nothing.
final class ScriptLoaderTests: XCTestCase {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "sfa-loader-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testTheWholeTextRunsWithItsTrailingNewlinesAndWithoutTheLoadersTraces() throws {
        let directory = try temporaryDirectory()
        let padding = String(repeating: "# padding to pass the argv limit\n", count: 5000)
        // A heredoc whose body ends in blank lines: `$(…)` alone would have stripped them.
        let command =
            padding + "cat > \(directory)/out <<'EOF'\nkept\n\n\nEOF\n"
            + "echo \"var=${__sfa_script-unset}\" >> \(directory)/out; [ -e /dev/fd/3 ] && echo fd3-open >> \(directory)/out; true"
        let launch = Judgement.Launch.shell(command: command)
        XCTAssertNotNil(launch.script)
        let exit = try ChildProcess.run(
            launch.executable, launch.arguments(id: "0123456789abcdef"), environment: ["PATH=/usr/bin:/bin"],
            descriptor3: launch.script)
        XCTAssertEqual(exit.status, 0)
        XCTAssertEqual(try String(contentsOfFile: directory + "/out", encoding: .utf8), "kept\n\n\nvar=unset\n")
    }

    func testATextThatCannotBeReadWholeDoesNotRun() throws {
        let directory = try temporaryDirectory()
        let launch = Judgement.Launch.shell(
            command: String(repeating: "#\n", count: 70_000) + "touch \(directory)/ran")
        // No descriptor 3 at all: cat fails, so the loader must stop before running anything.
        let exit = try ChildProcess.run(
            launch.executable, launch.arguments(id: "0123456789abcdef"), environment: ["PATH=/usr/bin:/bin"],
            descriptor3: nil)
        XCTAssertEqual(exit.status, 126)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/ran"))
    }
}
