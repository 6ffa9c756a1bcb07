import AgentTools
import MCP

/// A call's progress as `notifications/progress`, for a request that carried a progress token.
struct MCPProgressSink: ProgressSink {
    let token: ProgressToken
    let server: Server

    func report(progress: Double, message: String) async {
        try? await server.notify(
            ProgressNotification.message(
                .init(progressToken: token, progress: progress, message: message)))
    }
}
