import Bridge
import Dispatch
import Foundation
import LineEditing

/// The human at the terminal: questions go to stderr (stdout may carry the JSON transcript), the
/// answer is the next line of stdin. The question's last line is the reader's prompt, so a line
/// editor redraws it while the answer is edited; an answer is never kept in the history.
struct TerminalHuman: HumanChannel {
    let output: FileDescriptorSink
    let reader: LineReader

    func ask(_ question: String) async -> String? {
        let head = question.lastIndex(of: "\n").map { question.index(after: $0) } ?? question.startIndex
        output.write(String(question[..<head]))
        switch await reader.next(prompt: String(question[head...]), keep: false) {
        case .line(let answer): return answer
        case .end: return nil
        case .interrupted:
            // Ctrl-C typed into the line editor (which takes the key instead of the terminal):
            // end the task, as the signal does when no editor is reading.
            kill(getpid(), SIGINT)
            return nil
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
