import Bridge
import Dispatch
import Foundation

/// The human at the terminal: questions go to stderr (stdout may carry the JSON transcript), the
/// answer is the next line of stdin.
struct TerminalHuman: HumanChannel {
    let output: FileDescriptorSink

    func ask(_ question: String) async -> String? {
        output.write(question)
        return await StandardInputLine.next()
    }
}

/// One line of stdin, read on its own thread so a blocked read never holds a thread of the
/// concurrency pool (the SSH transport and the HTTP client need them meanwhile).
enum StandardInputLine {
    static func next() async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: readLine(strippingNewline: true))
            }
        }
    }
}

/// Ctrl-C ends the running task (its remote command is ended through task cancellation), not the
/// session; with no task running, it ends the process.
final class TurnInterrupter: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Task<TurnOutcome, Never>?

    func run(_ work: @escaping @Sendable () async -> TurnOutcome) async -> TurnOutcome {
        let task = Task { await work() }
        lock.withLock { current = task }
        let outcome = await task.value
        lock.withLock { current = nil }
        return outcome
    }

    func interrupt() {
        let task = lock.withLock { current }
        guard let task else {
            FileDescriptorSink(descriptor: 2).write("\n")
            _exit(130)
        }
        task.cancel()
    }
}

/// Observes SIGINT instead of dying of it.
final class InterruptSignal {
    private let source: DispatchSourceSignal

    init(onSignal: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: onSignal)
        source.resume()
    }

    func cancel() {
        source.cancel()
    }
}
