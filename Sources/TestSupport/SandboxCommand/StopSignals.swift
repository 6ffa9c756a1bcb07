import Dispatch
import Foundation
import SandboxSSHD

/// Waits for SIGINT or SIGTERM (handled, not fatal, so `up` can stop sshd first) or for sshd
/// to die on its own.
final class StopSignals {
    enum Event: Sendable {
        case signal(Int32)
        case sshdExited
    }

    private let stream: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let sources: [any DispatchSourceSignal]

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        let queue = DispatchQueue(label: "ssh-for-agents-sandbox.signals")
        let continuation = self.continuation
        sources = [SIGINT, SIGTERM].map { number in
            // The default action would kill us before sshd is stopped; a dispatch source only
            // sees the signal once its default handling is off.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(.signal(number)) }
            source.resume()
            return source
        }
    }

    /// The first signal, or `.sshdExited` if sshd goes away first (checked twice a second).
    func next(orWhenSSHDExits sandbox: SandboxSSHD) async -> Event {
        let continuation = self.continuation
        let watchdog = Task {
            while !Task.isCancelled {
                if !sandbox.isRunning {
                    continuation.yield(.sshdExited)
                    return
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        defer { watchdog.cancel() }
        for await event in stream { return event }
        return .sshdExited
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
