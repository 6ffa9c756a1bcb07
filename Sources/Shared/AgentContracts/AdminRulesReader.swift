import AgentPolicy

/// Reads a policy block's `rules` list into `AdminRule`s. Every problem names its field
/// (`policy.rules[2].match[1]: …`); a rule object with an unknown key is refused on both ends, since
/// a misspelt `decison` silently ignored would leave a rule that does not do what it says.
enum AdminRulesReader {
    static let ruleKeys: Set<String> = ["id", "match", "decision", "reason"]

    static func read(_ fields: JSONFieldReader, key: String) throws(JSONFieldError) -> [AdminRule]? {
        guard let value = fields.object[key], value != .null else { return nil }
        guard case .array(let items) = value else {
            throw fields.error(key, "expected an array of rule objects, got \(value.typeName)")
        }
        var rules: [AdminRule] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let name = "\(key)[\(index)]"
            guard case .object(let members) = item else {
                throw fields.error(
                    name, "expected a rule object ({\"id\", \"match\", \"decision\", \"reason\"}), got \(item.typeName)")
            }
            let rule = JSONFieldReader(item, prefix: fields.prefix + name + ".")
            let unknown = Set(members.keys).subtracting(ruleKeys).sorted()
            if let first = unknown.first {
                throw rule.error(first, "unknown key; a rule has \(ruleKeys.sorted().joined(separator: ", "))")
            }
            guard let id = try rule.string("id") else { throw rule.error("id", "is required") }
            guard let match = try rule.stringArray("match") else { throw rule.error("match", "is required") }
            guard let decisionText = try rule.string("decision") else { throw rule.error("decision", "is required") }
            guard let decision = AdminRule.Decision(rawValue: decisionText) else {
                throw rule.error(
                    "decision",
                    "unknown decision \"\(decisionText)\"; use one of \(AdminRule.Decision.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            guard let reason = try rule.string("reason") else { throw rule.error("reason", "is required") }
            if let earlier = seen[id] {
                throw rule.error("id", "\"\(id)\" is already the id of \(key)[\(earlier)]; ids must be unique")
            }
            seen[id] = index
            do {
                rules.append(try AdminRule(id: id, match: match, decision: decision, reason: reason))
            } catch {
                switch error {
                case .field(let field, let problem): throw rule.error(field, problem)
                }
            }
        }
        return rules
    }
}
