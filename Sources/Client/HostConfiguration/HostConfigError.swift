/// Everything that can be wrong with host configuration, each with a message that says what to do.
public enum HostConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(searched: [String])
    case unreadable(path: String, reason: String)
    case malformedJSON(path: String, reason: String)
    case invalidField(path: String, host: String?, field: String, problem: String)
    case unknownHost(String, known: [String], path: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            return "no hosts.json found (looked in: \(searched.joined(separator: ", "))); "
                + "create one from hosts.example.json, or pass --config PATH or set SSH_AGENT_CONFIG"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .malformedJSON(let path, let reason):
            return
                "\(path) is not valid JSON (\(reason)); fix the file (the last good configuration stays in use while a server runs)"
        case .invalidField(let path, let host, let field, let problem):
            let place = host.map { "host \"\($0)\", field \"\(field)\"" } ?? "field \"\(field)\""
            return "\(path): \(place): \(problem)"
        case .unknownHost(let alias, let known, let path):
            let list = known.isEmpty ? "none are configured" : "known hosts: \(known.joined(separator: ", "))"
            return "unknown host \"\(alias)\" in \(path); \(list)"
        }
    }
}
