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

/// Lines of stdin, read on their own thread so a blocked read never holds a thread of the
/// concurrency pool (the SSH transport and the HTTP client need them meanwhile). One reader serves
/// every caller in turn: a caller that stops waiting (Ctrl-C while the human is being asked) gets
/// nil, and the line typed later goes to the next caller (the session's prompt) instead of being lost.
enum StandardInputLine {
    static func next() async -> String? {
        await LineReader.shared.next()
    }
}

final class LineReader: @unchecked Sendable {
    static let shared = LineReader()

    private let lock = NSLock()
    /// Lines read that nobody was waiting for; a nil is the end of input, and stays.
    private var buffered: [String?] = []
    private var waiter: (id: UInt64, continuation: CheckedContinuation<String?, Never>)?
    private var nextID: UInt64 = 0
    private var reading = false

    func next() async -> String? {
        let id = lock.withLock { () -> UInt64 in
            nextID += 1
            return nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                lock.lock()
                if let first = buffered.first {
                    if first != nil { buffered.removeFirst() }
                    lock.unlock()
                    continuation.resume(returning: first)
                    return
                }
                if Task.isCancelled {
                    lock.unlock()
                    continuation.resume(returning: nil)
                    return
                }
                waiter = (id, continuation)
                let start = !reading
                reading = true
                lock.unlock()
                if start { Thread.detachNewThread { self.readOne() } }
            }
        } onCancel: {
            let continuation = lock.withLock { () -> CheckedContinuation<String?, Never>? in
                guard let waiter, waiter.id == id else { return nil }
                self.waiter = nil
                return waiter.continuation
            }
            continuation?.resume(returning: nil)
        }
    }

    private func readOne() {
        let line = readLine(strippingNewline: true)
        let continuation = lock.withLock { () -> CheckedContinuation<String?, Never>? in
            reading = false
            if let waiter {
                self.waiter = nil
                if line == nil { buffered.append(nil) }
                return waiter.continuation
            }
            buffered.append(line)
            return nil
        }
        continuation?.resume(returning: line)
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
