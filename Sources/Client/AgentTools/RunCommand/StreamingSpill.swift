import Foundation
import Synchronization

/// One output stream of a running command, collected with bounded memory: while it is small it
/// stays in memory (and `OutputSpill.render` decides as for any stream); once it passes
/// `memoryLimit` everything so far and everything after goes straight to the private spill file,
/// and only the beginning and the last bytes stay in memory for the inline excerpt. So a large
/// `max_output_bytes` costs disk, not the server's memory.
final class StreamingSpill: Sendable {
    private struct State {
        /// All bytes while below the limit; after that, the first ones (for the excerpt's head).
        var head: [UInt8] = []
        /// After spilling: the latest bytes, trimmed once it reaches twice the budget.
        var tail: [UInt8] = []
        var file: (descriptor: Int32, path: String)?
        var spilling = false
        var failed = false
        var saved = 0
    }

    private let spill: OutputSpill
    private let label: String
    private let memoryLimit: Int
    private let state = Mutex(State())

    init(spill: OutputSpill, label: String, memoryLimit: Int = 1 << 20) {
        self.spill = spill
        self.label = label
        self.memoryLimit = max(memoryLimit, spill.inlineBytes)
    }

    deinit {
        state.withLock { state in if let file = state.file { close(file.descriptor) } }
    }

    /// Called on the connection's thread for every kept chunk.
    func append(_ chunk: ArraySlice<UInt8>) {
        state.withLock { state in
            if !state.spilling {
                if state.head.count + chunk.count <= memoryLimit {
                    state.head.append(contentsOf: chunk)
                    return
                }
                state.spilling = true
                state.file = spill.createFile(label: label)
                write(state.head[...], &state)
                state.tail = Array(state.head.suffix(spill.inlineBytes))
                state.head.removeSubrange(min(state.head.count, spill.inlineBytes)...)
            }
            write(chunk, &state)
            state.tail.append(contentsOf: chunk.suffix(spill.inlineBytes))
            if state.tail.count >= 2 * spill.inlineBytes { state.tail.removeFirst(state.tail.count - spill.inlineBytes) }
        }
    }

    private func write(_ bytes: ArraySlice<UInt8>, _ state: inout State) {
        guard let file = state.file, !state.failed else { return }
        if bytes.withUnsafeBytes({ writeAll(file.descriptor, $0) }) != nil {
            OutputSpill.report(SpillError(what: "write \(file.path)"))
            state.failed = true
            return
        }
        state.saved += bytes.count
    }

    /// The stream as the result shows it; call once, after the command finished.
    func finish(totalBytes: Int, capped: Bool) -> StreamOutput {
        state.withLock { state in
            guard state.spilling else {
                return spill.render(state.head, totalBytes: totalBytes, capped: capped, label: label)
            }
            if let file = state.file { close(file.descriptor) }
            let path = state.failed ? nil : state.file?.path
            state.file = nil
            let (text, omitted) = spill.excerpt(
                head: state.head, tail: state.tail, savedBytes: state.saved,
                path: path, label: label)
            return StreamOutput(text: text, totalBytes: totalBytes, capped: capped, savedTo: path, omittedBytes: omitted)
        }
    }
}
