// One entry of a ProxyJump list, parsed as ssh parses it: `[user@]host[:port]`, `[v6]:port`, or
// `ssh://[user@]host[:port]`. "a,b" means a first, then b from a, then the target from b.
struct JumpHop: Sendable, Equatable {
    let user: String?
    let host: String
    let port: Int?
    /// The entry as the list spells it, for `-o ProxyJump=` of a later hop's check.
    let spec: String

    /// The hops of a resolved `proxyjump` value, in connection order; empty for "none".
    static func chain(_ proxyJump: String?) -> [JumpHop] {
        guard let proxyJump, proxyJump.lowercased() != "none" else { return [] }
        return proxyJump.split(separator: ",").compactMap { JumpHop(String($0)) }
    }

    init?(_ raw: String) {
        let spec = raw.trimmingCharacters(in: .whitespaces)
        var rest = Substring(spec)
        if rest.hasPrefix("ssh://") { rest = rest.dropFirst(6) }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        var port: Int?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) }
            rest = rest[rest.index(after: rest.startIndex)..<close]
        } else if rest.filter({ $0 == ":" }).count == 1, let colon = rest.firstIndex(of: ":") {
            port = Int(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { return nil }
        self.user = user.flatMap { $0.isEmpty ? nil : $0 }
        host = String(rest)
        self.port = port
        self.spec = spec
    }

    /// The name ssh shows for the hop: the list's own spelling.
    var name: String { spec }
}
