// SFTP: reading files up to a cap and listing directories, with clear errors.
import Foundation
import SSHTransport
import SandboxSSHD
import XCTest

final class SFTPTests: XCTestCase {
    func testReadFileWholeAndCapped() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        _ = try await pool.exec(target, ExecRequest(command: "printf 0123456789 > sfa-read-test.txt"))
        let path = sandbox.homeDirectory + "/sfa-read-test.txt"

        let whole = try await pool.readFile(target, path: path, maxBytes: 100)
        XCTAssertEqual(String(decoding: whole.content, as: UTF8.self), "0123456789")
        XCTAssertEqual(whole.size, 10)
        XCTAssertFalse(whole.truncated)

        let capped = try await pool.readFile(target, path: path, maxBytes: 4)
        XCTAssertEqual(String(decoding: capped.content, as: UTF8.self), "0123")
        XCTAssertEqual(capped.size, 10)
        XCTAssertTrue(capped.truncated)
    }

    func testReadFileErrors() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        _ = await assertSSHError({ try await pool.readFile(target, path: "/etc", maxBytes: 10) }) {
            if case .remoteIsDirectory("/etc") = $0 { return true }
            return false
        }
        _ = await assertSSHError({ try await pool.readFile(target, path: "/nonexistent-sfa", maxBytes: 10) }) {
            if case .remoteFileNotFound("/nonexistent-sfa") = $0 { return true }
            return false
        }
        _ = await assertSSHError({ try await pool.readFile(target, path: "/etc/shadow", maxBytes: 10) }) {
            if case .remotePermissionDenied("/etc/shadow") = $0 { return true }
            return false
        }
    }

    /// A FIFO used to block the read (and an sftp-server on the host) forever; a device may never end.
    func testReadFileRefusesFIFOsAndDevicesAfterAStat() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        let fifo = sandbox.homeDirectory + "/sfa-fifo-\(UInt32.random(in: 0...UInt32.max))"
        _ = try await pool.exec(target, ExecRequest(command: "mkfifo \(fifo)", timeout: .seconds(10)))
        let error = await assertSSHError({ try await pool.readFile(target, path: fifo, maxBytes: 10) }) {
            if case .remoteNotRegularFile(_, "FIFO (named pipe)") = $0 { return true }
            return false
        }
        XCTAssertTrue(error.map { "\($0)".contains("not a regular file") } ?? false)
        _ = await assertSSHError({ try await pool.readFile(target, path: "/dev/zero", maxBytes: 10) }) {
            if case .remoteNotRegularFile("/dev/zero", "character device") = $0 { return true }
            return false
        }
        // The session still works: nothing was left blocked on it.
        let after = try await pool.exec(target, ExecRequest(command: "rm -f \(fifo); echo ok", timeout: .seconds(10)))
        XCTAssertEqual(Fixture.text(after.stdout), "ok\n")
        await pool.closeAll()
    }

    func testListDirectorySortedCappedWithTypes() async throws {
        let sandbox = try await Fixture.sandbox()
        let pool = SSHConnectionPool()
        let target = Fixture.ecdsaTarget(sandbox)
        _ = try await pool.exec(
            target,
            ExecRequest(
                command:
                    "rm -rf sfa-list && mkdir sfa-list && cd sfa-list && printf abc > b.txt && mkdir a-dir && ln -s b.txt c-link && chmod 640 b.txt"
            ))
        let path = sandbox.homeDirectory + "/sfa-list"

        let listing = try await pool.listDirectory(target, path: path, maxEntries: 10)
        XCTAssertEqual(listing.entries.map(\.name), ["a-dir", "b.txt", "c-link"])
        XCTAssertEqual(listing.entries.map(\.type), [.directory, .file, .symlink])
        XCTAssertEqual(listing.entries[1].size, 3)
        XCTAssertEqual(listing.entries[1].mode, 0o640)
        XCTAssertLessThan(abs(listing.entries[1].modified.timeIntervalSinceNow), 600)
        XCTAssertFalse(listing.truncated)

        let capped = try await pool.listDirectory(target, path: path, maxEntries: 2)
        XCTAssertEqual(capped.entries.map(\.name), ["a-dir", "b.txt"])
        XCTAssertTrue(capped.truncated)

        _ = await assertSSHError({ try await pool.listDirectory(target, path: path + "/b.txt", maxEntries: 10) }) {
            if case .remoteNotDirectory = $0 { return true }
            return false
        }
        _ = await assertSSHError({ try await pool.listDirectory(target, path: "/nonexistent-sfa", maxEntries: 10) }) {
            if case .remoteFileNotFound = $0 { return true }
            return false
        }
    }
}
