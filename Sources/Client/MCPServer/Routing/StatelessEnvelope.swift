import MCP

/// The 2026-07-28 envelope every stateless request carries in `_meta`: the protocol version and
/// what the client can do, read afresh on each request (nothing is remembered between requests).
struct StatelessEnvelope {
    /// Whether this request's client can show its human a form (see `ElicitationSupport`).
    let clientCanElicit: Bool

    struct Problem: Error {
        let code: Int
        let message: String
        let data: Value?
    }

    init(_ meta: [String: VerbatimValue]?) throws(Problem) {
        typealias Key = IncomingMessage.EnvelopeKey
        let missing = [Key.protocolVersion, Key.clientCapabilities].filter { meta?[$0] == nil }
        if !missing.isEmpty {
            throw Problem(
                code: -32602,
                message: "params._meta is missing the required envelope key(s): "
                    + missing.joined(separator: ", "), data: nil)
        }
        guard case .string(let version)? = meta?[Key.protocolVersion]?.value else {
            throw Problem(code: -32602, message: "params._meta[\"\(Key.protocolVersion)\"] must be a string", data: nil)
        }
        guard version == StatelessResults.version else {
            throw Problem(
                code: -32022, message: "Unsupported protocol version",
                data: ["supported": [.string(StatelessResults.version)], "requested": .string(version)])
        }
        guard case .object? = meta?[Key.clientCapabilities]?.value else {
            throw Problem(code: -32602, message: "params._meta[\"\(Key.clientCapabilities)\"] must be an object", data: nil)
        }
        clientCanElicit = ElicitationSupport.canShowForm(meta?[Key.clientCapabilities]?.value)
    }
}
