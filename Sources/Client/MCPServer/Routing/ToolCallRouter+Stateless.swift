import AgentTools
import Foundation
import MCP

/// The stateless 2026-07-28 revision, served by the router alone: the envelope is checked on every
/// request, `server/discover` and `tools/list` are answered at once, and `tools/call` may come back
/// `input_required` with a question for the human (see `RoundTripApproval`).
extension ToolCallRouter {
    func statelessRequest(id: ID, method: String, _ message: IncomingMessage) {
        if method == Initialize.name {
            return write(
                RPCReply.error(
                    id: id, code: -32022,
                    message: "this connection is serving the 2026-07-28 protocol; the initialize handshake is not accepted",
                    data: [
                        "supported": [.string(StatelessResults.version)],
                        "requested": message.params?.protocolVersion.map(Value.string) ?? .null,
                    ]))
        }
        let envelope: StatelessEnvelope
        do {
            envelope = try StatelessEnvelope(message.params?.meta)
        } catch {
            return write(RPCReply.error(id: id, code: error.code, message: error.message, data: error.data))
        }
        switch method {
        case "server/discover":
            write(
                RPCReply.result(
                    id: id,
                    StatelessResults.discover(
                        name: info.name, title: info.title, version: info.version, instructions: info.instructions)))
        case ListTools.name:
            write(RPCReply.result(id: id, StatelessResults.toolList(dispatcher.listing)))
        case CallTool.name:
            if let problem = Self.callParameterProblem(message) {
                return write(RPCReply.error(id: id, .invalidParams(problem)))
            }
            guard let name = message.params?.name else { return }
            let approval: ApprovalRoute = envelope.clientCanElicit ? .roundTrip(Self.answer(message)) : .none
            start(id: id, Self.parameters(name, message), approval: approval) { [ledger] outcome in
                switch outcome {
                case .complete(let result):
                    return RPCReply.result(id: id, StatelessResults.complete(result.callToolResult))
                case .inputRequired(let question):
                    let ticket = ledger.issue(for: question)
                    return RPCReply.result(id: id, StatelessResults.inputRequired(question, ticket: ticket))
                }
            }
        default:
            write(
                RPCReply.error(
                    id: id, code: -32601,
                    message:
                        "Method not found: \(method) (at 2026-07-28 this server answers server/discover, tools/list and tools/call)"
                ))
        }
    }

    /// The human's answer a retried call carries, if it carries one we asked for.
    private static func answer(_ message: IncomingMessage) -> RoundTripAnswer? {
        guard let ticket = message.params?.requestState,
            let raw = message.params?.inputResponses?[RoundTripApproval.questionKey]?.action,
            let action = RoundTripAnswer.Action(rawValue: raw)
        else { return nil }
        return RoundTripAnswer(ticket: ticket, action: action)
    }
}
