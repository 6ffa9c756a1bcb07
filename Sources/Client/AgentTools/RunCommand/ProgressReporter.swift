import Foundation
import Synchronization

/// Reports a long-running command's progress to the call's `ProgressSink` (MCP: as
/// `notifications/progress`): once a second after the first second, with the elapsed time and the
/// latest output line, so the human watching a client sees that something is happening and what.
final class ProgressReporter: Sendable {
    private let sink: any ProgressSink
    private let started = ContinuousClock.now
    /// The last bytes of output across both streams; enough to find the latest line.
    private let tail = Mutex<[UInt8]>([])
    /// Set while a human is being asked to approve the command, which has not started yet.
    private let waitingForApproval = Mutex(false)
    private static let tailCapacity = 1024
    static let interval: Duration = .seconds(1)

    init(sink: any ProgressSink) {
        self.sink = sink
    }

    /// Called from the transport's output callback for every chunk.
    func observe(_ chunk: ArraySlice<UInt8>) {
        tail.withLock { tail in
            tail.append(contentsOf: chunk.suffix(Self.tailCapacity))
            if tail.count > Self.tailCapacity { tail.removeFirst(tail.count - Self.tailCapacity) }
        }
    }

    func setWaitingForApproval(_ waiting: Bool) {
        waitingForApproval.withLock { $0 = waiting }
    }

    /// Reports until cancelled.
    func run() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: Self.interval) } catch { return }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            var message: String
            if waitingForApproval.withLock({ $0 }) {
                message = "waiting for the human to approve the command (\(Int(seconds)) s)"
            } else {
                message = "running for \(Int(seconds)) s"
                if let line = latestLine() { message += "; latest output: \(line)" }
            }
            await sink.report(progress: seconds, message: message)
        }
    }

    func latestLine() -> String? {
        let bytes = tail.withLock { $0 }
        let text = String(decoding: bytes, as: UTF8.self)
        guard
            let line = text.split(whereSeparator: \.isNewline).last(where: {
                !$0.allSatisfy(\.isWhitespace)
            })
        else { return nil }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 200 ? String(trimmed.prefix(200)) + "…" : trimmed
    }
}
