import AgentPolicy
import Foundation
import XCTest

@testable import EnforcerCore

/// The policy file: hosts.json's policy keys plus the server's, unknown keys refused by name, and
/// files the agent could have changed refused (every one of these refuses every command).
final class PolicyFileTests: XCTestCase {
    private func parse(_ json: String) throws -> EnforcerPolicy {
        try EnforcerPolicy.parse(Array(json.utf8), defaultHostAlias: "web1")
    }

    private func problem(_ json: String) -> String? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return (error as? PolicyFileError)?.description ?? "\(error)"
        }
    }

    func testReadsEveryKeyWithDefaults() throws {
        let minimal = try parse("{}")
        XCTAssertEqual(minimal.mode, .guarded)
        XCTAssertEqual(minimal.audit, EnforcerPolicy.AuditSinks(file: nil, syslog: true))
        XCTAssertEqual(minimal.hostAlias, "web1")
        XCTAssertEqual(minimal.stateDirectory, EnforcerPolicy.defaultStateDirectory)
        XCTAssertNil(minimal.approvalKeyFile)

        let full = try parse(
            """
            {"mode": "readonly", "extra_denylist": ["terraform"], "extra_readonly_allow": ["jq"], "max_output_bytes": 4096,
             "default_timeout": 5, "audit": {"file": "/var/log/a.jsonl"}, "approval_key_file": "/etc/k",
             "sftp_server": "/usr/lib/openssh/sftp-server", "host_alias": "prod", "state_dir": "/var/lib/n"}
            """)
        XCTAssertEqual(
            full.settings.engine, PolicyConfig(mode: .readonly, extraDenylist: ["terraform"], extraReadonlyAllow: ["jq"]))
        XCTAssertEqual(full.settings.maxOutputBytes, 4096)
        // A file alone means file only; syslog must then be asked for.
        XCTAssertEqual(full.audit, EnforcerPolicy.AuditSinks(file: "/var/log/a.jsonl", syslog: false))
        XCTAssertEqual(try parse(#"{"audit": {"file": "/a", "syslog": true}}"#).audit, .init(file: "/a", syslog: true))
        XCTAssertEqual(full.approvalKeyFile, "/etc/k")
        XCTAssertEqual(full.hostAlias, "prod")
        XCTAssertEqual(full.stateDirectory, "/var/lib/n")
        XCTAssertEqual(full.digest.count, 64)
        XCTAssertNotEqual(full.digest, minimal.digest)
    }

    func testRefusesWhatItCannotUseByName() {
        let cases: [(String, String)] = [
            (#"{"mdoe": "readonly"}"#, "unknown key \"mdoe\""),
            (#"{"audit": {"fiel": "/a"}}"#, "audit.fiel: unknown key"),
            (#"{"audit": {"syslog": false}}"#, "audit: names no sink"),
            (#"{"mode": "paranoid"}"#, "mode: unknown mode \"paranoid\""),
            (#"{"approval_key_file": "key"}"#, "approval_key_file: must be an absolute path"),
            (#"{"host_alias": ""}"#, "host_alias: must not be empty"),
            (#"{"state_dir": 3}"#, "state_dir: expected a string, got a number"),
            (#"["guarded"]"#, "expected a JSON object, got an array"),
            (#"{"mode": "guarded""#, "not valid JSON"),
        ]
        for (json, expected) in cases {
            let message = problem(json)
            XCTAssertNotNil(message, json)
            XCTAssertTrue(message?.contains(expected) == true, "\(json): \(message ?? "nil")")
        }
    }

    func testRefusesMissingWorldWritableAndLinkedFiles() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/policy.json"
        XCTAssertThrowsError(try PolicyFileLoader.load(path, defaultHostAlias: "h")) {
            XCTAssertEqual($0 as? PolicyFileError, .missing(path: path))
        }
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o646)
        XCTAssertThrowsError(try PolicyFileLoader.load(path, defaultHostAlias: "h")) {
            guard case .unsafe(_, let reason)? = $0 as? PolicyFileError else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("world-writable"), reason)
        }
        chmod(path, 0o644)
        XCTAssertEqual(try PolicyFileLoader.load(path, defaultHostAlias: "h").mode, .guarded)
        symlink(path, directory.path + "/link.json")
        XCTAssertThrowsError(try PolicyFileLoader.load(directory.path + "/link.json", defaultHostAlias: "h")) {
            XCTAssertEqual($0 as? PolicyFileError, .unsafe(path: directory.path + "/link.json", reason: "it is a symbolic link"))
        }
        try Data(#"{"mode": 1}"#.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try PolicyFileLoader.load(path, defaultHostAlias: "h")) {
            XCTAssertEqual($0 as? PolicyFileError, .invalidFile(path: path, problem: "mode: expected a string, got a number"))
        }
    }
}

/// A private directory under /tmp, removed at deinit.
final class TemporaryDirectory: Sendable {
    let path: String

    init(mode: mode_t = 0o700) throws {
        var template = Array("/tmp/sfa-enforcer-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: made)
        chmod(path, mode)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
