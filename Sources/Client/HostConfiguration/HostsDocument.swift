import AgentContracts
import Foundation

/// `hosts.json` as an editable document. Edits touch only the keys they name, so fields this
/// version does not understand (or a newer version added) survive a rewrite.
public struct HostsDocument: Sendable, Equatable {
    public private(set) var root: JSONValue

    public init(root: JSONValue = .object(["hosts": .object([:])])) {
        self.root = root
    }

    public init(contentsOf path: String) throws(HostConfigError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformedJSON(path: path, reason: HostsConfigParser.describe(error))
        }
    }

    /// Sets the given fields of a host (creating it if needed); other fields of that host stay.
    public mutating func setHostFields(_ alias: String, _ fields: [String: JSONValue]) {
        var members = rootMembers
        var hosts = members["hosts"].flatMap(Self.objectMembers) ?? [:]
        var entry = hosts[alias].flatMap(Self.objectMembers) ?? [:]
        for (key, value) in fields { entry[key] = value }
        hosts[alias] = .object(entry)
        members["hosts"] = .object(hosts)
        root = .object(members)
    }

    /// Removes a host; returns whether it existed.
    @discardableResult
    public mutating func removeHost(_ alias: String) -> Bool {
        var members = rootMembers
        guard var hosts = members["hosts"].flatMap(Self.objectMembers), hosts[alias] != nil else { return false }
        hosts[alias] = nil
        members["hosts"] = .object(hosts)
        root = .object(members)
        return true
    }

    /// Pretty, key-sorted JSON, so diffs of the file stay small.
    public func serialized() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(root)
        data.append(0x0A)
        return data
    }

    /// Writes atomically (temporary file, then rename) with mode 0600: a reader never sees half a file.
    public func write(to path: String) throws {
        let data = try serialized()
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw HostConfigError.unreadable(path: temporary, reason: "cannot create the file")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw HostConfigError.unreadable(path: path, reason: "cannot replace the file: \(reason)")
        }
    }

    private var rootMembers: [String: JSONValue] { Self.objectMembers(root) ?? [:] }

    private static func objectMembers(_ value: JSONValue) -> [String: JSONValue]? {
        if case .object(let members) = value { return members }
        return nil
    }
}
