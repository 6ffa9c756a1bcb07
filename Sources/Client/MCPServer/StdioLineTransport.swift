import AgentTools // writeAll, shared with the output spill
import Foundation
import Logging
import MCP
import Synchronization

/// MCP's stdio transport: newline-delimited JSON-RPC on stdin/stdout.
///
/// Why not the SDK's `StdioTransport`: it switches both descriptors to non-blocking mode (which
/// child processes inherit) and polls stdin every 10 ms, adding about 10 ms to every request.
/// Here one dedicated thread sits in a blocking `read(2)` and hands each complete line to the
/// server the moment it arrives; the descriptors are left as they were. Lines that are not JSON
/// are answered with a JSON-RPC parse error here. A `MessageRouter` may take a message before
/// the SDK sees it. The message stream ends once stdin is closed and every request read from it
/// has been answered (see `PendingRequests`).
public actor StdioLineTransport: RoutableTransport {
    public nonisolated let logger: Logger
    private let input: Int32
    private let writer: LineWriter
    private let messages: AsyncThrowingStream<Data, Error>
    private let continuation: AsyncThrowingStream<Data, Error>.Continuation
    private var readerStarted = false
    private let pending: PendingRequests
    private var router: (any MessageRouter)?
    private let output: Int32
    private let clientVanished: @Sendable () async -> Void

    /// `clientVanished` runs once when stdin has closed and nobody reads stdout any more while
    /// calls are still running: nobody can receive their answers, so it should end them (and
    /// return once they have ended); then the message stream ends.
    public init(
        input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, logger: Logger,
        clientVanished: @escaping @Sendable () async -> Void = {}
    ) {
        self.input = input
        self.output = output
        self.clientVanished = clientVanished
        writer = LineWriter(descriptor: output)
        self.logger = logger
        let (messages, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: Error.self)
        self.messages = messages
        self.continuation = continuation
        pending = PendingRequests { continuation.finish() }
    }

    /// Must come before `connect`.
    func route(with router: any MessageRouter) {
        precondition(!readerStarted, "the router must be set before the transport connects")
        self.router = router
    }

    public func connect() async throws {
        guard !readerStarted else { return }
        readerStarted = true
        let reader = LineReader(
            descriptor: input, output: output, continuation: continuation, writer: writer,
            pending: pending, router: router, logger: logger, clientVanished: clientVanished)
        // A real thread, not a task: a blocking read must never occupy a cooperative-pool thread.
        let thread = Thread { reader.run() }
        thread.name = "mcp-stdin"
        thread.start()
    }

    public func disconnect() async {
        continuation.finish()
    }

    /// Nonisolated: the writer serialises whole messages itself, so a response need not queue
    /// behind the actor.
    public nonisolated func send(_ data: Data) async throws {
        try writer.writeMessage(data)
        pending.sent(data)
    }

    /// `send` for the router, from any thread. A failed write means the client is gone; stdin
    /// reaches EOF next and ends the server.
    nonisolated func write(_ data: Data) {
        do {
            try writer.writeMessage(data)
        } catch {
            logger.warning("writing to stdout failed: \(error)")
        }
        pending.sent(data)
    }

    public func receive() -> AsyncThrowingStream<Data, Error> {
        messages
    }
}

/// Writes whole messages to stdout. Blocking writes under a lock: messages from the server and
/// from the reader thread never interleave, and nothing is buffered, so each message is on the
/// pipe when `write` returns.
private final class LineWriter: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    func writeMessage(_ message: Data) throws {
        var frame = message
        frame.append(0x0A)
        try lock.withLock { _ in
            if let failure = frame.withUnsafeBytes({ writeAll(descriptor, $0) }) {
                throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO))
            }
        }
    }
}

/// The body of the stdin thread: reads until EOF, splitting on newlines.
private struct LineReader: Sendable {
    let descriptor: Int32
    let output: Int32
    let continuation: AsyncThrowingStream<Data, Error>.Continuation
    let writer: LineWriter
    let pending: PendingRequests
    let router: (any MessageRouter)?
    let logger: Logger
    let clientVanished: @Sendable () async -> Void
    /// One per reader: the reader thread is its only user.
    let decoder = JSONDecoder()

    /// JSON-RPC's answer to a line that is not JSON: the request id cannot be known, so it is null.
    static let parseError = Data(
        #"{"error":{"code":-32700,"message":"Parse error: not a JSON-RPC message"},"id":null,"jsonrpc":"2.0"}"#.utf8)

    func run() {
        var buffered = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    usleep(1000)
                    continue
                } // a parent left stdin non-blocking
                logger.error("reading stdin failed: \(String(cString: strerror(errno)))")
                break
            }
            if count == 0 { break }
            buffered.append(contentsOf: chunk[0..<count])
            deliverCompleteLines(&buffered)
        }
        if !buffered.isEmpty { deliver(buffered[...]) } // a last message without its newline
        logger.debug("stdin closed")
        router?.inputClosed()
        pending.inputClosed() // the stream ends once every request read has been answered
        watchForVanishedClient()
    }

    /// A client that closed stdin may still read our answers (`printf … | ssh-for-agents`); one
    /// that died cannot. stdout's pipe reports an error once its reader is gone: then the calls
    /// still running are ended instead of running on for nobody.
    private func watchForVanishedClient() {
        while !pending.isFinished {
            var descriptor = pollfd(fd: output, events: 0, revents: 0)
            if poll(&descriptor, 1, 100) > 0, descriptor.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
                logger.info("the client is gone (stdin and stdout closed); ending its running calls")
                // Cancelled calls are never answered, so the stream would wait for them forever.
                Task { [clientVanished, pending] in
                    await clientVanished()
                    pending.abandon()
                }
                return
            }
        }
    }

    private func deliverCompleteLines(_ pending: inout [UInt8]) {
        var start = 0
        while let newline = pending[start...].firstIndex(of: 0x0A) {
            deliver(pending[start..<newline])
            start = newline + 1
        }
        pending.removeFirst(start)
    }

    private func deliver(_ line: ArraySlice<UInt8>) {
        var line = line
        if line.last == 0x0D { line = line.dropLast() } // tolerate CRLF
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        let message = Data(line)
        if let incoming = try? decoder.decode(IncomingMessage.self, from: message), incoming.isJSONRPC2 {
            if incoming.isRequest, let id = incoming.id {
                pending.received(request: id)
            } else if incoming.method == "notifications/cancelled", let id = incoming.params?.requestId {
                pending.cancelled(request: id)
            }
            if router?.route(incoming) == true { return }
        } else {
            // A batch, or a message the envelope cannot read: the SDK decides what it is.
            // The SDK answers unparseable input with a made-up id; answer it here as JSON-RPC says.
            guard let parsed = try? JSONSerialization.jsonObject(with: message) else {
                // Not JSON, or nested too deep to read: answered by the id it names, if one can
                // be found, so the client is not left waiting for that request.
                logger.warning("a line on stdin that is not readable JSON (\(line.count) bytes)")
                let id = TopLevelScanner.envelopes(in: message).first?.idToken.flatMap(RequestKey.id(token:))
                try? writer.writeMessage(
                    id.map {
                        RPCReply.error(id: $0, code: -32700, message: "Parse error: not a JSON-RPC message")
                    } ?? Self.parseError)
                return
            }
            if router?.routeUnreadable(parsed) == true { return }
            pending.received(parsed)
        }
        continuation.yield(message)
    }
}
