// Where the OpenSSH transport keeps its master sockets without $XDG_RUNTIME_DIR: the user's
// cache directory (mode 0700), every directory on the way checked, and for a HOME too deep for
// a socket path a directory with an unguessable name under /tmp, never a fixed one that
// another local user could create first.
import Foundation
import OpenSSHTransport
import SSHTransport
import SandboxSSHD
import XCTest

final class OpenSSHControlDirectoryTests: XCTestCase {
    /// Our environment without a runtime or cache directory, with a HOME of the test's.
    private func environment(home: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_RUNTIME_DIR"] = nil
        environment["XDG_CACHE_HOME"] = nil
        environment["HOME"] = home
        return environment
    }

    private func home(named name: String) throws -> String {
        let home = "/tmp/sfa-h-\(name)-" + UUID().uuidString.prefix(6)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: home) }
        return home
    }

    private func exec(_ environment: [String: String]) async throws -> ExecResult {
        let sandbox = try await Fixture.sandbox()
        let transport = OpenSSHTransport(environment: environment)
        addTeardownBlock { await transport.stopMasters() }
        return try await transport.exec(OpenSSHFixture.openSSHTarget(sandbox), ExecRequest(command: "echo dir-ok"))
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    func testCacheDirectoryIsUsedWithMode0700() async throws {
        let home = try home(named: "plain")
        let result = try await exec(environment(home: home))
        XCTAssertEqual(Fixture.text(result.stdout), "dir-ok\n")
        let directory = home + "/.cache/ssh-for-agents/ssh"
        XCTAssertEqual(mode(directory), 0o700)
        XCTAssertEqual(mode(home + "/.cache/ssh-for-agents"), 0o700)
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory)
        XCTAssertTrue(entries.contains { $0.count == 16 && $0.allSatisfy(\.isHexDigit) }, "the master's socket: \(entries)")
    }

    func testDirectoryOwnedBySomeoneElseIsRefusedByName() async throws {
        let home = try home(named: "owned")
        let planted = home + "/.cache/ssh-for-agents"
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: true)
        XCTAssertEqual(chown(planted, 65534, 65534), 0)
        let error = await assertSSHError({ try await self.exec(self.environment(home: home)) }) {
            guard case .connectFailed(_, _, let reason) = $0 else { return false }
            return reason.contains("refusing the ssh control directory \(planted): it is owned by uid 65534")
        }
        XCTAssertNotNil(error)
    }

    func testWorldWritableDirectoryIsRefusedNotRepaired() async throws {
        let home = try home(named: "open")
        let planted = home + "/.cache/ssh-for-agents/ssh"
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: true)
        XCTAssertEqual(chmod(planted, 0o777), 0)
        _ = await assertSSHError({ try await self.exec(self.environment(home: home)) }) {
            guard case .connectFailed(_, _, let reason) = $0 else { return false }
            return reason.contains("refusing the ssh control directory \(planted): it is writable by group or others")
        }
        XCTAssertEqual(mode(planted), 0o777, "left as found")
    }

    func testRuntimeDirectoryOfAnotherUserIsRefused() async throws {
        let runtime = try home(named: "run")
        XCTAssertEqual(chown(runtime, 65534, 65534), 0)
        var environment = environment(home: try home(named: "rh"))
        environment["XDG_RUNTIME_DIR"] = runtime
        _ = await assertSSHError({ try await self.exec(environment) }) {
            guard case .connectFailed(_, _, let reason) = $0 else { return false }
            return reason.contains("refusing the ssh control directory \(runtime):")
        }
    }

    /// A HOME too deep for a socket path: the sockets go to a fresh directory under /tmp, even when
    /// someone created the fixed name an earlier version used; a second transport finds the same one.
    func testDeepHomeGetsAnUnguessableShortDirectory() async throws {
        let home = try home(named: String(repeating: "d", count: 60))
        let oldFixedName = "/tmp/ssh-for-agents-\(geteuid())"
        if !FileManager.default.fileExists(atPath: oldFixedName) {
            try FileManager.default.createDirectory(atPath: oldFixedName, withIntermediateDirectories: false)
            XCTAssertEqual(chown(oldFixedName, 65534, 65534), 0)
            addTeardownBlock { try? FileManager.default.removeItem(atPath: oldFixedName) }
        }
        let result = try await exec(environment(home: home))
        XCTAssertEqual(Fixture.text(result.stdout), "dir-ok\n")
        let record = home + "/.cache/ssh-for-agents/ssh/short-socket-directory"
        let short = try String(contentsOfFile: record, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: short) }
        XCTAssertTrue(short.hasPrefix("/tmp/sfa-") && short != oldFixedName, short)
        XCTAssertEqual(mode(short), 0o700)
        let sockets = try FileManager.default.contentsOfDirectory(atPath: short).filter { $0.count == 16 }
        XCTAssertEqual(sockets.count, 1, "the master's socket is there")
        XCTAssertLessThan((short + "/" + sockets[0]).utf8.count + 17, 108)

        let again = try await exec(environment(home: home))
        XCTAssertEqual(Fixture.text(again.stdout), "dir-ok\n")
        XCTAssertEqual(try String(contentsOfFile: record, encoding: .utf8), short, "the same directory, shared")
    }
}
