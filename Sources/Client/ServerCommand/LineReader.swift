import Bridge
import Foundation
import LineEditing

/// Where chat's lines come from. `read` blocks, and is only called on the reader's own thread.
protocol LineSource: Sendable {
    /// Shows `prompt`, reads a line; `keep`: the line may go into the history (the session's
    /// prompt, never a confirmation answer).
    func read(prompt: String, keep: Bool) -> LineInput
}

/// stdin is not a terminal (a pipe, a file): plain lines, no editing, no history.
struct PlainLines: LineSource {
    let output: FileDescriptorSink

    func read(prompt: String, keep: Bool) -> LineInput {
        if !prompt.isEmpty { output.write(prompt) }
        return readLine(strippingNewline: true).map(LineInput.line) ?? .end
    }
}

/// stdin is a terminal: libedit's editing, earlier sessions' lines on the up-arrow, and each kept
/// line appended to the history file (unless it may hold a secret: `SecretScreen`).
final class EditedLines: LineSource, @unchecked Sendable {
    // Only touched on the reader's thread, one read at a time (LineReader's rule).
    private let editor: LineEditor
    private let history: ChatHistory?

    init(editor: LineEditor, history: ChatHistory?) {
        self.editor = editor
        self.history = history
        if let history { editor.remember(history.load()) }
    }

    func read(prompt: String, keep: Bool) -> LineInput {
        let input = editor.read(prompt: prompt)
        if keep, case .line(let line) = input, history?.add(line) ?? true {
            editor.remember([line])
        }
        return input
    }
}

/// Lines of stdin, read on their own thread so a blocked read never holds a thread of the
/// concurrency pool (the SSH transport and the HTTP client need them meanwhile). One reader serves
/// every caller in turn: a caller that stops waiting (Ctrl-C while the human is being asked) gets
/// `.end`, and the line typed later goes to the next caller (the session's prompt) instead of
/// being lost.
final class LineReader: @unchecked Sendable {
    private let source: any LineSource
    private let lock = NSLock()
    /// Lines read that nobody was waiting for; an `.end` is the end of input, and stays.
    private var buffered: [LineInput] = []
    private var waiter: (id: UInt64, continuation: CheckedContinuation<LineInput, Never>)?
    private var nextID: UInt64 = 0
    private var reading = false

    init(source: any LineSource) {
        self.source = source
    }

    func next(prompt: String, keep: Bool) async -> LineInput {
        let id = lock.withLock { () -> UInt64 in
            nextID += 1
            return nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<LineInput, Never>) in
                lock.lock()
                if let first = buffered.first {
                    if first != .end { buffered.removeFirst() }
                    lock.unlock()
                    continuation.resume(returning: first)
                    return
                }
                if Task.isCancelled {
                    lock.unlock()
                    continuation.resume(returning: .end)
                    return
                }
                waiter = (id, continuation)
                let start = !reading
                reading = true
                lock.unlock()
                if start { Thread.detachNewThread { self.readOne(prompt: prompt, keep: keep) } }
            }
        } onCancel: {
            let continuation = lock.withLock { () -> CheckedContinuation<LineInput, Never>? in
                guard let waiter, waiter.id == id else { return nil }
                self.waiter = nil
                return waiter.continuation
            }
            continuation?.resume(returning: .end)
        }
    }

    private func readOne(prompt: String, keep: Bool) {
        let input = source.read(prompt: prompt, keep: keep)
        let continuation = lock.withLock { () -> CheckedContinuation<LineInput, Never>? in
            reading = false
            if let waiter {
                self.waiter = nil
                if input == .end { buffered.append(.end) }
                return waiter.continuation
            }
            buffered.append(input)
            return nil
        }
        continuation?.resume(returning: input)
    }
}
