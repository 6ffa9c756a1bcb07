import AgentContracts
import Foundation
import HostConfiguration
import Synchronization
import XCTest

final class HostConfigStoreTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "sfa-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func write(_ text: String, to path: String) throws {
        // A new inode each time, as editors and our own atomic writer do.
        let temporary = path + ".new"
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        XCTAssertEqual(rename(temporary, path), 0)
    }

    func testReloadsChangesAndKeepsLastGoodConfigWhenBroken() throws {
        let path = directory + "/hosts.json"
        try write(#"{"hosts": {"a": {"hostname": "a", "username": "u"}}}"#, to: path)
        let warnings = WarningLog()
        let store = HostConfigStore(path: path, warningHandler: { warnings.append($0) })
        XCTAssertEqual(try store.current().config.aliases, ["a"])

        try write(#"{"hosts": {"a": {"hostname": "a2", "username": "u"}, "b": {"hostname": "b", "username": "u"}}}"#, to: path)
        let changed = try store.current()
        XCTAssertEqual(changed.config.aliases, ["a", "b"])
        XCTAssertEqual(changed.retired.map(\.alias), ["a"], "a's address changed, so its connection must be retired")

        try write(#"{"hosts": {"b": "#, to: path) // half-written
        let broken = try store.current()
        XCTAssertEqual(broken.config.aliases, ["a", "b"], "the last good configuration stays in force")
        XCTAssertNotNil(broken.problem)
        XCTAssertEqual(warnings.messages.count, 1)
        XCTAssertTrue(warnings.messages[0].contains("still using the last good configuration"), warnings.messages[0])

        try write(#"{"hosts": {"b": {"hostname": "b", "username": "u"}}}"#, to: path)
        let removed = try store.current()
        XCTAssertEqual(removed.config.aliases, ["b"])
        XCTAssertEqual(removed.retired.map(\.alias), ["a"])
        XCTAssertNil(removed.problem)
    }

    func testBrokenFileWithoutAnyGoodConfigIsAnError() throws {
        let path = directory + "/hosts.json"
        try write("{", to: path)
        XCTAssertThrowsError(try HostConfigStore(path: path).current()) { error in
            XCTAssertTrue("\(error)".contains("is not valid JSON"), "\(error)")
        }
    }

    func testLocatorOrder() throws {
        let cwd = directory + "/cwd"
        let home = directory + "/home"
        let fromEnvironment = directory + "/env.json"
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home + "/.config/ssh-for-agents", withIntermediateDirectories: true)
        let homeConfig = home + "/.config/ssh-for-agents/hosts.json"
        try "{}".write(toFile: homeConfig, atomically: true, encoding: .utf8)
        func locate(_ explicit: String? = nil) throws -> String {
            try ConfigLocator(
                explicitPath: explicit, environment: ["SSH_AGENT_CONFIG": fromEnvironment],
                currentDirectory: cwd, homeDirectory: home
            ).locate()
        }
        XCTAssertEqual(try locate(), homeConfig)
        try "{}".write(toFile: fromEnvironment, atomically: true, encoding: .utf8)
        XCTAssertEqual(try locate(), fromEnvironment)
        try "{}".write(toFile: cwd + "/hosts.json", atomically: true, encoding: .utf8)
        XCTAssertEqual(try locate(), cwd + "/hosts.json")
        XCTAssertEqual(try locate(homeConfig), homeConfig, "--config wins")
        XCTAssertThrowsError(try locate(directory + "/missing.json")) { error in
            XCTAssertTrue("\(error)".contains("missing.json"), "\(error)")
        }
    }

    func testRewritingKeepsUnknownFieldsAndKeyOrder() throws {
        let path = directory + "/hosts.json"
        try write(
            #"{"future": {"x": 1}, "hosts": {"z": {"username": "u", "hostname": "z"}, "a": {"hostname": "a", "username": "u", "port": 2200, "labels": ["db"], "ratio": 2.50}}}"#,
            to: path)
        chmod(path, 0o640)
        let modeBefore: mode_t = 0o640
        var document = try HostsDocument(contentsOf: path)
        document.setHostFields("a", ["hostname": .string("a.example")])
        document.setHostFields("b", ["hostname": .string("b"), "username": .string("u")])
        try HostsFileEditor(path: path).write(document)
        let reread = try HostsDocument(contentsOf: path)
        XCTAssertEqual(reread.root["future"], .object([.init("x", .number("1"))]))
        XCTAssertEqual(reread.host("a")?["labels"], .array([.string("db")]))
        XCTAssertEqual(reread.host("a")?["hostname"], .string("a.example"))
        XCTAssertEqual(reread.root.keys, ["future", "hosts"])
        XCTAssertEqual(reread.aliases, ["z", "a", "b"], "file order, new hosts last")
        XCTAssertEqual(reread.host("z")?.keys, ["username", "hostname"])
        XCTAssertEqual(reread.host("a")?.keys, ["hostname", "username", "port", "labels", "ratio"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("\"port\": 2200,"), "integers stay integers: \(text)")
        XCTAssertTrue(text.contains("\"ratio\": 2.50"), "numbers stay as written: \(text)")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, Int(modeBefore), "an existing file keeps its mode")
        XCTAssertEqual(try HostConfigStore(path: path).current().config.aliases, ["a", "b", "z"])
    }

    /// Issue 19, item 8: `~/.config/ssh-for-agents/hosts.json` is looked for under `$HOME`.
    func testLocatorHonoursHOME() throws {
        let home = directory + "/elsewhere-home"
        let locator = ConfigLocator(environment: ["HOME": home], currentDirectory: directory)
        XCTAssertEqual(locator.homeDirectory, home)
        XCTAssertEqual(locator.candidates.last, home + "/.config/ssh-for-agents/hosts.json")
        XCTAssertEqual(UserHome.directory(environment: ["HOME": "/x/y"]), "/x/y")
        XCTAssertEqual(UserHome.directory(environment: ["HOME": ""]), NSHomeDirectory(), "an empty HOME is unset")
    }
}

/// Collects warnings from a store's handler, which may be called from any thread.
final class WarningLog: Sendable {
    private let stored = Mutex<[String]>([])

    func append(_ message: String) {
        stored.withLock { $0.append(message) }
    }

    var messages: [String] { stored.withLock { $0 } }
}
