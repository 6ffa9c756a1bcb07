import Gateway
import MCP

/// The result shapes of MCP 2026-07-28: every result says its `resultType`, and results a client
/// may cache (`server/discover`, `tools/list`) say for how long and for whom.
enum StatelessResults {
    static let version = "2026-07-28"

    /// `server/discover`. The tools never change while the process runs; hosts.json changes show
    /// up in list_hosts, not here.
    static func discover(name: String, title: String, version: String, instructions: String) -> some Encodable {
        Complete(
            body: Discover(
                supportedVersions: [Self.version],
                capabilities: ["tools": ["listChanged": false]],
                instructions: instructions,
                meta: [
                    "io.modelcontextprotocol/serverInfo": [
                        "name": .string(name), "title": .string(title), "version": .string(version),
                    ]
                ]),
            cache: Cache(ttlMs: 0, scope: "private"))
    }

    /// `tools/list`: the same for every client, and fixed for the life of the process.
    static func toolList(_ tools: [Tool]) -> some Encodable {
        Complete(body: ListTools.Result(tools: tools), cache: Cache(ttlMs: 3_600_000, scope: "public"))
    }

    static func complete(_ result: CallTool.Result) -> some Encodable {
        Complete(body: result, cache: nil)
    }

    /// Asks the client to put `question` to its human and retry the call with the answer under
    /// `RoundTripApproval.questionKey` and `ticket` as `requestState`.
    static func inputRequired(_ question: ConfirmationRequest, ticket: String) -> some Encodable {
        let params: Value = [
            "mode": "form",
            "message": .string(ElicitationApproval.message(for: question)),
            "requestedSchema": ["type": "object", "properties": [:]],
        ]
        return InputRequired(
            inputRequests: [RoundTripApproval.questionKey: ["method": "elicitation/create", "params": params]],
            requestState: ticket)
    }

    struct Cache {
        let ttlMs: Int
        let scope: String
    }

    /// `body`'s own members plus `resultType: "complete"` (and the cache hints) in one object.
    private struct Complete<Body: Encodable>: Encodable {
        let body: Body
        let cache: Cache?

        func encode(to encoder: any Encoder) throws {
            try body.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("complete", forKey: .resultType)
            if let cache {
                try container.encode(cache.ttlMs, forKey: .ttlMs)
                try container.encode(cache.scope, forKey: .cacheScope)
            }
        }

        enum Keys: String, CodingKey { case resultType, ttlMs, cacheScope }
    }

    private struct Discover: Encodable {
        let supportedVersions: [String]
        let capabilities: Value
        let instructions: String
        let meta: Value

        enum CodingKeys: String, CodingKey {
            case supportedVersions, capabilities, instructions
            case meta = "_meta"
        }
    }

    private struct InputRequired: Encodable {
        var resultType = "input_required"
        let inputRequests: Value
        let requestState: String
    }
}
