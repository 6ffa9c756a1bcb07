import Foundation
import Synchronization

/// Every tool call running, whichever era or path started it, so that SIGTERM can end them
/// (remote commands included) and wait for them to wind down.
final class ToolCallTracker: Sendable {
    private let running = Mutex<[UUID: @Sendable () -> Void]>([:])

    /// Runs one tool call so that `cancelAll` can reach it; the caller's own cancellation (MCP
    /// `notifications/cancelled`) still reaches it too.
    func track<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await operation() }
        let id = UUID()
        running.withLock { $0[id] = { task.cancel() } }
        defer { _ = running.withLock { $0.removeValue(forKey: id) } }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    var count: Int { running.withLock { $0.count } }

    func cancelAll() {
        let cancels = running.withLock { Array($0.values) }
        cancels.forEach { $0() }
    }
}
