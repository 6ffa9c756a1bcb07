import Foundation
import MCP

/// Takes some incoming messages away from the SDK's server (see `ToolCallRouter`). Called on the
/// transport's reading thread, so it must only start work, never wait for it.
protocol MessageRouter: Sendable {
    /// True when the router has taken the message; the SDK never sees it.
    func route(_ message: IncomingMessage) -> Bool
    /// The same for a JSON message the envelope could not read (`JSONSerialization`'s reading).
    func routeUnreadable(_ message: Any) -> Bool
    /// The input reached its end: no further message, and so no answer to a question we asked,
    /// will come.
    func inputClosed()
}

/// Where the router writes the responses it produces itself: one whole JSON-RPC message at a
/// time, from any thread, without waiting on the SDK.
protocol ReplyWriter: Sendable {
    func write(_ message: Data)
}

/// A transport that shows each incoming message to a router before the SDK, and takes the
/// router's replies. Everything the router needs from a transport, so any transport can carry it
/// (stdio today: `StdioLineTransport`).
protocol RoutableTransport: Transport, ReplyWriter {
    /// Must come before `connect`.
    func route(with router: any MessageRouter)
}
