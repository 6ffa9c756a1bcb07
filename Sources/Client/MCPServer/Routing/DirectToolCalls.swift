import Foundation
import MCP
import Synchronization

/// Answers `tools/call` itself instead of handing it to the SDK's `Server`.
///
/// Why: SDK 0.12.1 decodes each call three times (as a generic request, re-encoded into the typed
/// one, and the result back into a generic `Value`) and compiles a regex for every string on the
/// way (see `VerbatimValue`); that was most of a call's cost. Here the call is decoded once, on
/// the stdin thread, run by the same `ToolDispatcher`, and its result encoded once. Everything
/// else (initialize, tools/list, logging, the client's answers to our elicitation requests,
/// progress and log notifications we send) stays with the SDK.
final class DirectToolCalls: MessageRouter {
    private let dispatcher: ToolDispatcher
    private let send: @Sendable (Data) async throws -> Void
    private let running = Mutex<[ID: Task<Void, Never>]>([:])

    init(dispatcher: ToolDispatcher, send: @escaping @Sendable (Data) async throws -> Void) {
        self.dispatcher = dispatcher
        self.send = send
    }

    func route(_ message: IncomingMessage) -> Bool {
        switch message.method {
        case CallTool.name:
            guard let id = message.id, let name = message.params?.name else { return false }
            start(id: id, CallTool.Parameters(
                name: name, arguments: message.params?.arguments?.mapValues(\.value),
                meta: message.params?.meta.map(Self.metadata)))
            return true
        case "notifications/cancelled":
            // Only calls started here are ours to stop; the SDK handles the rest.
            guard let id = message.params?.requestId,
                  let task = running.withLock({ $0.removeValue(forKey: id) }) else { return false }
            task.cancel()
            return true
        default:
            return false
        }
    }

    private func start(id: ID, _ parameters: CallTool.Parameters) {
        let dispatcher = self.dispatcher
        running.withLock { running in
            running[id] = Task { [weak self] in
                let response = await Self.respond(to: id) { try await dispatcher.call(parameters) }
                guard let self else { return }
                // A cancelled call gets no response at all (MCP cancellation).
                guard self.finished(id), let response else { return }
                try? await self.send(response)
            }
        }
    }

    /// Not `Metadata(additionalFields:)`: its `progressToken: nil` default removes the token.
    private static func metadata(_ fields: [String: VerbatimValue]) -> Metadata {
        var metadata = Metadata()
        metadata.fields = fields.mapValues(\.value)
        return metadata
    }

    /// False when the call was cancelled (and so already removed).
    private func finished(_ id: ID) -> Bool {
        running.withLock { $0.removeValue(forKey: id) != nil }
    }

    /// The encoded JSON-RPC response, or nil when the call was cancelled.
    static func respond(to id: ID, _ call: () async throws -> CallTool.Result) async -> Data? {
        let response: Response<CallTool>
        do {
            response = Response(id: id, result: try await call())
        } catch is CancellationError {
            return nil
        } catch let error as MCPError {
            response = Response(id: id, error: error)
        } catch {
            response = Response(id: id, error: .internalError("\(error)"))
        }
        return try? encoder.encode(response)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // As the SDK writes its own messages: "/" stays as is.
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}
