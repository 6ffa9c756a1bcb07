import MCP

/// What the stdin reader needs from each incoming JSON-RPC message to decide where it goes,
/// decoded once, on the reader thread. Members it does not name (a result, an initialize
/// request's capabilities, …) are skipped; the SDK decodes those messages itself.
struct IncomingMessage: Decodable, Sendable {
    let id: ID?
    let method: String?
    let params: Params?

    var isRequest: Bool { id != nil && method != nil }

    struct Params: Decodable, Sendable {
        /// `tools/call`: the tool.
        let name: String?
        /// `tools/call`: its arguments.
        let arguments: [String: VerbatimValue]?
        /// Any request's `_meta` (progress token; in the 2026-07-28 revision also the protocol
        /// version and the client's capabilities).
        let meta: [String: VerbatimValue]?
        /// `notifications/cancelled`: the request to stop.
        let requestId: ID?

        enum CodingKeys: String, CodingKey {
            case name, arguments, requestId
            case meta = "_meta"
        }
    }
}
