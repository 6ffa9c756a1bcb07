import Gateway
import MCP
import Synchronization

/// Asks the human through the client with `elicitation/create` (MCP 2025-06-18 and later): the
/// client shows the host, the exact command and the reasons, and the human accepts, declines or
/// cancels. Nothing else in the reply counts, so a model cannot answer for the human. Handed to
/// the tool as its `ToolCallContext.human`.
struct ElicitationApproval: Confirmer {
    let server: Server
    let session: ClientSession

    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        let server = self.server
        let message = Self.message(for: request)
        let asking = Task {
            await untilCancelled {
                try await server.requestElicitation(
                    message: message,
                    requestedSchema: Elicitation.RequestSchema(
                        title: "Run this command on \(request.host)?",
                        description: "Accept runs it once, exactly as shown. Decline refuses it."))
            }
        }
        // The client's answer travels on its input; once that is closed, none can come.
        let registration = session.whenInputCloses { asking.cancel() }
        defer { session.forgetInputCloseAction(registration) }
        let outcome = await withTaskCancellationHandler {
            await asking.value
        } onCancel: {
            asking.cancel()
        }
        switch outcome {
        case nil:
            return .cancelled
        case .success(let result)?:
            switch result.action {
            case .accept: return .approved(by: "elicitation")
            case .decline: return .declined
            case .cancel: return .cancelled
            }
        case .failure(let error)?:
            return .unavailable(reason: "the client failed to ask the human (\(error)); try again, or use the CLI with --confirm")
        }
    }

    /// The shared approval text (control characters spelled out, a warning when there are any).
    static func message(for request: ConfirmationRequest) -> String {
        request.approvalText
    }
}

/// Runs `operation` but stops waiting (returning nil) as soon as the calling task is cancelled.
/// The SDK's request/response wait ignores cancellation, and a cancelled tool call must not hang
/// until some human answers a prompt nobody needs any more.
func untilCancelled<T: Sendable>(
    _ operation: @escaping @Sendable () async throws -> T
) async -> Result<T, Error>? {
    let wait = CancellableWait<T>()
    return await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
            wait.start(continuation, operation)
        }
    } onCancel: {
        wait.cancel()
    }
}

/// The shared state of one `untilCancelled`: whichever of "finished" and "cancelled" comes first
/// resumes the waiter; the other finds nothing left to resume.
private final class CancellableWait<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result<T, Error>?, Never>?
        var worker: Task<Void, Never>?
        var cancelled = false
    }

    private let state = Mutex(State())

    func start(
        _ continuation: CheckedContinuation<Result<T, Error>?, Never>,
        _ operation: @escaping @Sendable () async throws -> T
    ) {
        let cancelledEarly = state.withLock { state in
            state.continuation = continuation
            return state.cancelled
        }
        if cancelledEarly { return cancel() }
        let worker = Task {
            let result: Result<T, Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            self.resume(with: result)
        }
        state.withLock { $0.worker = worker }
    }

    func cancel() {
        let (continuation, worker) = state.withLock { state in
            state.cancelled = true
            defer { state.continuation = nil }
            return (state.continuation, state.worker)
        }
        worker?.cancel()
        continuation?.resume(returning: nil)
    }

    private func resume(with result: Result<T, Error>) {
        let continuation = state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: result)
    }
}
