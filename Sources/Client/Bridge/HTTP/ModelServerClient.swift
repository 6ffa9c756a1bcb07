import AgentTools
import AsyncHTTPClient
import Foundation
import NIOCore

/// Where the model runs and how to reach it. `apiKey` is sent as a bearer token and nowhere else.
public struct ModelServer: Sendable {
    public var baseURL: String
    public var api: ModelAPI
    public var model: String
    public var apiKey: String?

    public init(baseURL: String, api: ModelAPI, model: String, apiKey: String? = nil) {
        // "http://host:11434/" and "http://host:11434/v1" both mean the server's root.
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        if api == .openai, root.hasSuffix("/v1") { root.removeLast(3) }
        self.baseURL = root
        self.api = api
        self.model = model
        self.apiKey = apiKey
    }
}

/// Sends one chat request and reads the streamed reply as it arrives, through AsyncHTTPClient.
/// Cancelling the calling task cancels the request.
public final class ModelServerClient: Sendable {
    let server: ModelServer
    private let http: HTTPClient
    private let redaction: SecretRedaction

    public init(server: ModelServer) {
        self.server = server
        redaction = SecretRedaction(secret: server.apiKey)
        // Connecting is quick or never; a model on a CPU may think for minutes before its first token.
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(900))
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async {
        try? await http.shutdown()
    }

    /// `onText` gets each piece of the assistant's text as it arrives.
    func reply(
        messages: [ChatMessage], tools: [AgentTool],
        onText: @Sendable (String) async -> Void
    ) async throws -> ModelReply {
        let wire = server.api.wire
        let url = server.baseURL + wire.path
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: server.api == .openai ? "text/event-stream" : "application/x-ndjson")
        if let key = server.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let body = wire.requestBody(model: server.model, messages: messages, tools: tools).jsonData
        request.body = .bytes(ByteBuffer(bytes: body))

        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .minutes(30))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ModelServerError.unreachable(url: url, api: server.api, detail: redaction.clean(Self.describe(error)))
        }
        guard response.status.code == 200 else {
            let buffer = try? await response.body.collect(upTo: 1 << 16)
            let text = buffer.map { String(buffer: $0) } ?? ""
            throw ServerErrorBody.error(status: Int(response.status.code), body: redaction.clean(text), model: server.model)
        }

        var decoder = wire.makeDecoder()
        var splitter = LineSplitter()
        do {
            for try await buffer in response.body {
                for line in splitter.append(buffer.readableBytesView) {
                    let piece = try decoder.consume(line: line)
                    if !piece.isEmpty { await onText(piece) }
                }
            }
        } catch let error as ModelServerError {
            throw redacted(error)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ModelServerError.streamFailed(redaction.clean(Self.describe(error)))
        }
        do {
            if let last = splitter.finish() {
                let piece = try decoder.consume(line: last)
                if !piece.isEmpty { await onText(piece) }
            }
            return try decoder.finish()
        } catch {
            throw redacted(error)
        }
    }

    private func redacted(_ error: ModelServerError) -> ModelServerError {
        switch error {
        case .streamFailed(let message): .streamFailed(redaction.clean(message))
        case .malformed(let message): .malformed(redaction.clean(message))
        default: error
        }
    }

    /// NIO's errors print as type dumps; the useful part is usually the errno text.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("Could not resolve") || text.contains("NXDOMAIN") || text.contains("getaddrinfo") {
            return "host name not found"
        }
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
