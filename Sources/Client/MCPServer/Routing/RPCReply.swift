import Foundation
import MCP

/// Encodes the JSON-RPC responses the router writes itself.
enum RPCReply {
    static func result(id: ID, _ result: some Encodable) -> Data {
        encode(Success(id: id, result: result), id: id)
    }

    static func error(id: ID?, code: Int, message: String, data: Value? = nil) -> Data {
        encode(Failure(id: id, error: .init(code: code, message: message, data: data)), id: id)
    }

    /// As the SDK writes an `MCPError` (its own encoding, with `data.detail`).
    static func error(id: ID, _ error: MCPError) -> Data {
        encode(SDKFailure(id: id, error: error), id: id)
    }

    private struct Success<Result: Encodable>: Encodable {
        var jsonrpc = "2.0"
        let id: ID
        let result: Result
    }

    private struct SDKFailure: Encodable {
        var jsonrpc = "2.0"
        let id: ID
        let error: MCPError
    }

    private struct Failure: Encodable {
        struct Body: Encodable {
            let code: Int
            let message: String
            let data: Value?
        }

        var jsonrpc = "2.0"
        /// Encoded even when nil: JSON-RPC answers an unidentifiable request with `"id": null`.
        let id: ID?
        let error: Body

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(jsonrpc, forKey: .jsonrpc)
            try container.encode(id, forKey: .id)
            try container.encode(error, forKey: .error)
        }

        enum CodingKeys: String, CodingKey { case jsonrpc, id, error }
    }

    private static func encode(_ value: some Encodable, id: ID?) -> Data {
        do {
            return try encoder.encode(value)
        } catch {
            // Only a non-finite number could get here. Still answer the request by its id: an
            // unanswered request would also keep the server from exiting at EOF.
            let fallback = Failure(id: id, error: .init(code: -32603, message: "the response could not be encoded", data: nil))
            return (try? encoder.encode(fallback)) ?? Data()
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}
