import MCP

/// What the stdin reader needs from each incoming JSON-RPC message to decide where it goes,
/// decoded once, on the reader thread. Members it does not name (a result, an initialize
/// request's capabilities, …) are skipped; the SDK decodes those messages itself.
struct IncomingMessage: Decodable, Sendable {
    let jsonrpc: String?
    let id: ID?
    let method: String?
    let params: Params?
    /// Only whether they are there: with either, the SDK reads the message as a response.
    let result: Present?
    let error: Present?

    var isResponse: Bool { result != nil || error != nil }
    var isRequest: Bool { id != nil && method != nil && !isResponse }
    var isJSONRPC2: Bool { jsonrpc == "2.0" }

    /// A member whose content is not needed here.
    struct Present: Decodable, Sendable {
        init(from decoder: any Decoder) throws {}
    }

    struct Params: Decodable, Sendable {
        /// `tools/call`: the tool. Read leniently, so that a mistyped name is answered as a bad
        /// parameter rather than an unreadable message.
        let nameValue: VerbatimValue?
        var name: String? {
            if case .string(let name)? = nameValue?.value { return name }
            return nil
        }
        /// `tools/call`: its arguments, read leniently like the name: arguments that are not an
        /// object are a bad parameter (-32602), not an unreadable message the SDK would answer
        /// with an internal error (-32603).
        let argumentsValue: VerbatimValue?
        var arguments: [String: Value]? {
            if case .object(let members)? = argumentsValue?.value { return members }
            return nil
        }
        /// Present and not an object (null counts as absent).
        var argumentsAreMistyped: Bool {
            switch argumentsValue?.value {
            case nil, .null?, .object?: false
            default: true
            }
        }
        /// Any request's `_meta` (progress token; in the 2026-07-28 revision also the protocol
        /// version and the client's capabilities).
        let meta: [String: VerbatimValue]?
        /// `notifications/cancelled`: the request to stop.
        let requestId: ID?
        /// `initialize`: the version the client asks for.
        let protocolVersion: String?
        /// `initialize`: what the client can do.
        let capabilities: VerbatimValue?
        /// 2026-07-28 `tools/call` retried with the human's answers: question key → answer.
        let inputResponses: [String: InputResponse]?
        /// 2026-07-28: the opaque state our `input_required` result asked to get back.
        let requestState: String?

        enum CodingKeys: String, CodingKey {
            case requestId, protocolVersion, capabilities, inputResponses, requestState
            case nameValue = "name"
            case argumentsValue = "arguments"
            case meta = "_meta"
        }
    }

    /// One answer in `inputResponses`: for an elicitation, the human's action (and form content,
    /// which our yes/no question does not use).
    struct InputResponse: Decodable, Sendable {
        let action: String?
    }

    /// The 2026-07-28 envelope's keys in a request's `_meta`.
    enum EnvelopeKey {
        static let protocolVersion = "io.modelcontextprotocol/protocolVersion"
        static let clientCapabilities = "io.modelcontextprotocol/clientCapabilities"
    }

    /// The 2026-07-28 protocol version a request names in its `_meta`, if it has the envelope.
    var envelopeVersion: Value? {
        params?.meta?[EnvelopeKey.protocolVersion]?.value
    }
}
