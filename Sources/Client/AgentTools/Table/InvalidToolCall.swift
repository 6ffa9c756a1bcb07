/// The call itself is wrong, not the work it asked for: an unknown tool, or an argument that is
/// unknown, missing or of the wrong type. It is the caller's mistake, so it is answered as one
/// (MCP: a JSON-RPC "invalid params" error), never as a tool result. `message` names the tool and
/// argument and says what was expected.
public struct InvalidToolCall: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
