import ArgumentParser
import CLISupport
import XCTest

/// The shared CLI pieces in isolation; the built binaries are driven in UsageExitStatusTests.
final class CLISupportTests: XCTestCase {
    private struct Tool: ParsableCommand {
        @OptionGroup var logging: LogLevelOption
        @Argument var word: String
    }

    func testUsageErrorsAreTwoAndChosenStatusesStand() throws {
        let missingWord = try XCTUnwrap(catching { _ = try Tool.parseAsRoot([]) })
        XCTAssertEqual(ErrorExitStatus.status(for: missingWord, root: Tool.self), .usage)
        XCTAssertEqual(ErrorExitStatus.status(for: ValidationError("bad"), root: Tool.self), .usage)
        XCTAssertEqual(
            ErrorExitStatus.status(for: ExitCode(64), root: Tool.self).rawValue, 64,
            "a status thrown on purpose (a remote exit 64) is not a usage error")
        XCTAssertEqual(ErrorExitStatus.status(for: CleanExit.helpRequest(), root: Tool.self), .success)
        struct Unexpected: Error {}
        XCTAssertEqual(ErrorExitStatus.status(for: Unexpected(), root: Tool.self), .failure)
    }

    func testLogLevelComesFromTheOptionThenTheEnvironmentThenWarning() throws {
        let variable = LogLevelOption.environmentVariable
        XCTAssertEqual(try Tool.parse(["--log-level", "debug", "x"]).logging.resolved(environment: [variable: "error"]), .debug)
        XCTAssertEqual(try Tool.parse(["x"]).logging.resolved(environment: [variable: "error"]), .error)
        XCTAssertEqual(try Tool.parse(["x"]).logging.resolved(environment: [variable: "loud"]), .warning)
        XCTAssertEqual(try Tool.parse(["x"]).logging.resolved(environment: [:]), .warning)
        let mistyped = try XCTUnwrap(catching { _ = try Tool.parse(["--log-level", "loud", "x"]) })
        XCTAssertTrue(Tool.message(for: mistyped).contains("--log-level must be one of trace, debug"))
    }

    private func catching(_ body: () throws -> Void) -> (any Error)? {
        do {
            try body()
            return nil
        } catch { return error }
    }
}
