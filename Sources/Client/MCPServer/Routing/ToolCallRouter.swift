import AgentTools
import Foundation
import Gateway
import MCP
import Synchronization

/// Takes messages off the transport's reading thread (stdio: the stdin thread) before the SDK's
/// `Server` sees them, and writes its own replies through a `ReplyWriter`, so any
/// `RoutableTransport` can carry it:
/// - `tools/call` in the 2025-11-25 era: SDK 0.12.1 decodes each call three times (as a generic
///   request, re-encoded into the typed one, and the result back into a generic `Value`) and
///   compiles a regex for every string on the way (see `VerbatimValue`); that was most of a call's
///   cost. Here it is decoded once and its result encoded once.
/// - every request of the stateless 2026-07-28 era, which the SDK does not speak: `server/discover`,
///   `tools/list` and `tools/call` with multi round-trip confirmation (`input_required`).
/// - `notifications/cancelled` for the calls it started.
/// Everything else (initialize, the 2025 tools/list, logging, the client's answers to our
/// `elicitation/create`) stays with the SDK.
final class ToolCallRouter: MessageRouter {
    struct ServerInfo: Sendable {
        let name: String
        let title: String
        let version: String
        let instructions: String
    }

    let dispatcher: ToolDispatcher
    let session: ClientSession
    let ledger: ApprovalLedger
    let info: ServerInfo
    let replies: any ReplyWriter
    let enteredStatelessEra: @Sendable () -> Void
    let running = RunningCalls()

    init(
        dispatcher: ToolDispatcher, session: ClientSession, ledger: ApprovalLedger, info: ServerInfo,
        replies: any ReplyWriter, enteredStatelessEra: @escaping @Sendable () -> Void
    ) {
        self.enteredStatelessEra = enteredStatelessEra
        self.dispatcher = dispatcher
        self.session = session
        self.ledger = ledger
        self.info = info
        self.replies = replies
    }

    func write(_ message: Data) {
        replies.write(message)
    }

    func route(_ message: IncomingMessage) -> Bool {
        guard message.isJSONRPC2 else { return routeUnreadable(id: message.id, isNotification: message.id == nil) }
        guard let method = message.method, !message.isResponse else {
            // A response: to our elicitation/create, which only the SDK sends.
            return session.era == .stateless
        }
        guard let id = message.id else { return notification(method, message) }
        switch currentEra(for: message, method: method) {
        case .stateless:
            statelessRequest(id: id, method: method, message)
            return true
        case .handshake where message.envelopeVersion != nil:
            write(
                RPCReply.error(
                    id: id, code: -32600,
                    message: "this connection began with initialize, so it speaks MCP 2025-11-25; requests carrying "
                        + "the 2026-07-28 _meta envelope belong on a new connection"))
            return true
        case .handshake where method == Initialize.name:
            // Recorded here, on the reading thread, so that a tools/call read right after it sees
            // it; the SDK answers the initialize itself.
            session.initializeRead(canElicit: ElicitationSupport.canShowForm(message.params?.capabilities?.value))
            return false
        case .handshake where method == CallTool.name:
            // Answered here, not by the SDK, which calls parameters it cannot decode an internal
            // error (-32603); they are invalid params (-32602), as in the 2026-07-28 era.
            if let problem = Self.callParameterProblem(message) {
                write(RPCReply.error(id: id, .invalidParams(problem)))
                return true
            }
            guard let name = message.params?.name else { return false }
            let approval: ApprovalRoute = session.clientCanElicit ? .elicitation : .none
            start(id: id, Self.parameters(name, message), approval: approval) { outcome in
                switch outcome {
                case .complete(let result): return RPCReply.result(id: id, result.callToolResult)
                case .inputRequired:
                    return RPCReply.error(id: id, .internalError("a 2025-11-25 call cannot return input_required"))
                }
            }
            return true
        default:
            return false
        }
    }

    /// A message the envelope could not read (a missing or wrong `jsonrpc`, a mistyped member, an
    /// id that is neither a string nor an integer). In the 2026-07-28 era the SDK must never see
    /// it: it would run a call the 2025 way. Otherwise the SDK answers it, and the connection is a
    /// 2025-11-25 one from then on. Batches are refused in both eras: MCP dropped JSON-RPC
    /// batching in 2025-06-18, and the SDK answers a batch with a bad element under a made-up id.
    func routeUnreadable(_ message: Any) -> Bool {
        if message is [Any] {
            write(
                RPCReply.error(
                    id: nil, code: -32600,
                    message: "Invalid Request: JSON-RPC batches are not part of MCP; send one message per line"))
            return true
        }
        let object = message as? [String: Any]
        if let rawID = object?["id"], !(rawID is NSNull), RequestKey.id(jsonObject: rawID) == nil {
            // A fraction, boolean or object as id: JSON-RPC allows none; the SDK would drop it
            // without a word, leaving the client waiting.
            write(
                RPCReply.error(
                    id: nil, code: -32600,
                    message: "Invalid Request: a request id must be a string or an integer"))
            return true
        }
        return routeUnreadable(
            id: RequestKey.id(jsonObject: object?["id"]), isNotification: object != nil && object?["id"] == nil)
    }

    private func routeUnreadable(id: ID?, isNotification: Bool = false) -> Bool {
        guard session.settleEra(.handshake).era == .stateless else { return false }
        // JSON-RPC never answers a notification, however malformed.
        if !isNotification {
            write(
                RPCReply.error(
                    id: id, code: -32600,
                    message: "Invalid Request: not a JSON-RPC 2.0 request this server can read"))
        }
        return true
    }

    /// The era, deciding it on the first request. A first request whose 2026-07-28 envelope is
    /// unusable leaves it open (and is answered the 2026-07-28 way, with an error), so the client
    /// can still fall back to `initialize`.
    private func currentEra(for message: IncomingMessage, method: String) -> ProtocolEra {
        let asks: ProtocolEra?
        if method == Initialize.name || message.envelopeVersion == nil {
            asks = .handshake
        } else if case .string(StatelessResults.version)? = message.envelopeVersion {
            asks = .stateless
        } else {
            asks = nil
        }
        let (era, settledNow) = session.settleEra(asks)
        if settledNow, era == .stateless { enteredStatelessEra() }
        return era ?? .stateless
    }

    func inputClosed() {
        session.inputClosed()
    }

    private func notification(_ method: String, _ message: IncomingMessage) -> Bool {
        if method == "notifications/cancelled", let id = message.params?.requestId, running.cancel(id) {
            return true
        }
        // Stateless clients send no other notification; the SDK is not serving them.
        return session.era == .stateless
    }

    /// Why a `tools/call`'s parameters are unusable (no name, or arguments that are not an
    /// object), or nil.
    static func callParameterProblem(_ message: IncomingMessage) -> String? {
        guard message.params?.name != nil else { return "tools/call needs the tool's \"name\", a string" }
        if message.params?.argumentsAreMistyped == true { return "tools/call \"arguments\" must be an object" }
        return nil
    }

    // MARK: Running calls

    static func parameters(_ name: String, _ message: IncomingMessage) -> CallTool.Parameters {
        CallTool.Parameters(
            name: name, arguments: message.params?.arguments,
            meta: message.params?.meta.map(metadata))
    }

    /// Not `Metadata(additionalFields:)`: its `progressToken: nil` default removes the token.
    private static func metadata(_ fields: [String: VerbatimValue]) -> Metadata {
        var metadata = Metadata()
        metadata.fields = fields.mapValues(\.value)
        return metadata
    }

    func start(
        id: ID, _ parameters: CallTool.Parameters, approval: ApprovalRoute,
        reply: @escaping @Sendable (ToolOutcome) -> Data
    ) {
        let dispatcher = self.dispatcher
        let started = running.start(id, send: replies.write) {
            do {
                return reply(try await dispatcher.call(parameters, approval: approval))
            } catch is CancellationError {
                return nil // a cancelled call gets no response (MCP cancellation)
            } catch let error as MCPError {
                return RPCReply.error(id: id, error)
            } catch {
                return RPCReply.error(id: id, .internalError("\(error)"))
            }
        }
        if !started {
            write(
                RPCReply.error(
                    id: id, code: -32600,
                    message: "Invalid Request: request id \(id) is still in use by a call in progress"))
        }
    }
}
