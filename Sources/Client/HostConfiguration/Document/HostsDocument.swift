import AgentContracts
import Foundation

/// `hosts.json` as an editable document. Edits touch only the keys they name, in place, so fields
/// this version does not understand (or a newer version added) and the order a human gave the
/// keys survive a rewrite. `HostsFileEditor` reads, edits and writes one under a lock.
public struct HostsDocument: Sendable, Equatable {
    public private(set) var root: OrderedJSON

    public init(root: OrderedJSON = .object([.init("hosts", .object([]))])) {
        self.root = root
    }

    /// Parses a file's bytes; a syntax error names its line and column.
    public init(data: Data, path: String) throws(HostConfigError) {
        do {
            root = try OrderedJSONParser.parse([UInt8](data))
        } catch {
            throw .malformedJSON(path: path, reason: error.description)
        }
    }

    public init(contentsOf path: String) throws(HostConfigError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        try self.init(data: data, path: path)
    }

    /// The aliases in file order.
    public var aliases: [String] { root["hosts"]?.keys ?? [] }

    public func host(_ alias: String) -> OrderedJSON? { root["hosts"]?[alias] }

    /// Sets the given fields of a host (creating it at the end if needed), each in place; a nil
    /// value removes the field. Other fields of that host stay as they are.
    public mutating func setHostFields(_ alias: String, _ fields: KeyValuePairs<String, OrderedJSON?>) {
        setHostFields(alias, fields.map { (key: $0.key, value: $0.value) })
    }

    public mutating func setHostFields(_ alias: String, _ fields: [(key: String, value: OrderedJSON?)]) {
        var hosts = objectOrEmpty(root["hosts"])
        var entry = objectOrEmpty(hosts[alias])
        for (key, value) in fields {
            if let value { entry.set(key, value) } else { entry.remove(key) }
        }
        hosts.set(alias, entry)
        setRoot("hosts", hosts)
    }

    /// Sets fields of the global `policy` block (host nil) or of a host's; nil removes a field.
    public mutating func setPolicyFields(host alias: String?, _ fields: [(key: String, value: OrderedJSON?)]) {
        var policy = objectOrEmpty(alias.map { host($0)?["policy"] } ?? root["policy"])
        for (key, value) in fields {
            if let value { policy.set(key, value) } else { policy.remove(key) }
        }
        if let alias {
            var hosts = objectOrEmpty(root["hosts"])
            var entry = objectOrEmpty(hosts[alias])
            entry.set("policy", policy)
            hosts.set(alias, entry)
            setRoot("hosts", hosts)
        } else {
            setRoot("policy", policy)
        }
    }

    /// Removes a host; returns whether it existed.
    @discardableResult
    public mutating func removeHost(_ alias: String) -> Bool {
        guard var hosts = root["hosts"], hosts.remove(alias) else { return false }
        setRoot("hosts", hosts)
        return true
    }

    /// The document as the validating reader sees it: the configuration it means, or the first
    /// problem (`HostsConfigParser.problems` lists them all).
    public func validated(path: String, homeDirectory: String = UserHome.directory()) throws(HostConfigError) -> HostsConfig {
        try HostsConfigParser(path: path, homeDirectory: homeDirectory).parse(root.jsonValue)
    }

    /// Two-space indented JSON in the document's own key order, ending in a newline.
    public func serialized() -> Data {
        Data(root.formatted().utf8)
    }

    private mutating func setRoot(_ key: String, _ value: OrderedJSON) {
        if case .object = root {} else { root = .object([]) }
        root.set(key, value)
    }

    private func objectOrEmpty(_ value: OrderedJSON?) -> OrderedJSON {
        if let value, case .object = value { return value }
        return .object([])
    }
}
