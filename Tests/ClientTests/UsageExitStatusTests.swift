import Foundation
import TestProcesses
import XCTest

/// Both binaries as a caller sees them when the command line itself is wrong: the README and
/// `--help` promise status 2 for a usage error (argument-parser's own default is 64, EX_USAGE),
/// and asking for help is not an error. None of these reach a host, so no sshd is needed.
final class UsageExitStatusTests: XCTestCase {
    private static let usageError: Int32 = 2

    /// Runs a binary in an empty directory, so no hosts.json is found by accident.
    private func run(_ binary: String, _ arguments: [String]) throws -> ProgramOutput {
        let directory = NSTemporaryDirectory() + "sfa-usage-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try BuiltBinaries.run(
            binary, arguments, environment: ["SSH_AGENT_CONFIG": directory + "/none.json"],
            currentDirectory: directory)
    }

    func testRunToolUsageErrorsExitTwo() throws {
        let cases: [(arguments: [String], says: String)] = [
            (["web-staging"], "Missing expected argument '<command>'"), // the default verb, short of a word
            (["run"], "Missing expected argument '<host>'"),
            (["web-staging", "ls", "--bogus"], "Unknown option '--bogus'"),
            (["web-staging", "ls", "--timeout", "0"], "--timeout must be a positive number"), // a validate() refusal
            (["check", "--mode", "nosuch", "ls"], "The value 'nosuch' is invalid for '--mode <mode>'"),
            (["check", "a", "b", "c"], "expected [HOST] \"COMMAND\""),
        ]
        for (arguments, says) in cases {
            let output = try run("ssh-for-agents-run", arguments)
            XCTAssertEqual(output.status, Self.usageError, "\(arguments): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(says), "\(arguments): \(output.stderr)")
            XCTAssertEqual(output.stdout, "", "\(arguments): usage errors go to stderr")
        }
    }

    func testServerUsageErrorsExitTwo() throws {
        let cases: [(arguments: [String], says: String)] = [
            (["--bogus"], "Unknown option '--bogus'"),
            (["serve", "extra"], "Unexpected argument 'extra'"),
            (["--log-level", "nope"], "--log-level must be one of trace, debug"),
            (["serve", "--inline-output-bytes", "10"], "--inline-output-bytes must be at least 256"),
        ]
        for (arguments, says) in cases {
            let output = try run("ssh-for-agents", arguments)
            XCTAssertEqual(output.status, Self.usageError, "\(arguments): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(says), "\(arguments): \(output.stderr)")
            XCTAssertEqual(output.stdout, "", "\(arguments): stdout belongs to MCP, even for a usage error")
        }
    }

    func testHelpIsNotAnErrorInEitherBinary() throws {
        let cases: [(binary: String, arguments: [String], says: String)] = [
            ("ssh-for-agents-run", [], "SUBCOMMANDS:"), // the bare name shows the overview
            ("ssh-for-agents-run", ["--help"], "SUBCOMMANDS:"),
            ("ssh-for-agents-run", ["help", "check"], "Exit status: 0 allow, 10 needs_confirmation, 11 block."),
            ("ssh-for-agents-run", ["web-staging", "ls", "--help"], "USAGE: ssh-for-agents-run run"),
            ("ssh-for-agents", ["--help"], "SUBCOMMANDS:"),
            ("ssh-for-agents", ["serve", "--help"], "--inline-output-bytes"),
            ("ssh-for-agents", ["--version"], "0.1.0"),
        ]
        for (binary, arguments, says) in cases {
            let output = try run(binary, arguments)
            XCTAssertEqual(output.status, 0, "\(binary) \(arguments): \(output.stderr)")
            XCTAssertTrue(output.stdout.contains(says), "\(binary) \(arguments): \(output.stdout)")
        }
    }
}
