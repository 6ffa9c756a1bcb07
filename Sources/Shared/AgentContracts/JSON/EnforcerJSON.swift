#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How the contract types cross the wire or land in the audit trail: written by hand as one
/// `OrderedJSON` line each (keys sorted, snake_case, `/` unescaped; see each type's `json`), and
/// read back here through `Decodable`. Writing is by hand because the enforcer writes such lines
/// on every command, in a process that lives a few milliseconds, and `JSONEncoder`'s first use
/// alone cost about a millisecond there (docs/ENFORCER.md). Reading happens on the client and in
/// audit queries, where it does not matter; `ContractJSONTests` holds the two sides together.
enum EnforcerJSON {
    static func decode<T: Decodable>(_ type: T.Type, from text: some StringProtocol) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
