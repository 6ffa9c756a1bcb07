import AgentContracts
import AgentPolicy
import Foundation
import Synchronization

/// `check -`: verdicts for a whole shell history. Hand-written JSON lines, because encoding 100,000
/// objects through JSONEncoder costs more than evaluating them.
struct BatchCheck {
    let engine: PolicyEngine
    let separator: UInt8

    func run() {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let records: [String] = input.withUnsafeBytes { raw in
            raw.split(separator: separator, omittingEmptySubsequences: true).compactMap { record in
                var line = String(decoding: record, as: UTF8.self)
                if separator == 0x0A, line.hasSuffix("\r") { line.removeLast() }
                return line.isEmpty ? nil : line
            }
        }
        // The policy is a pure function, so chunks are checked on every core and written in order.
        let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, records.count / 2_000))
        let chunkSize = (records.count + chunkCount - 1) / max(chunkCount, 1)
        let outputs = ChunkOutputs(count: chunkCount)
        // Plain threads: concurrentPerform ran the chunks one after another when called from here.
        let finished = DispatchSemaphore(value: 0)
        for chunk in 0..<chunkCount {
            let slice = Array(records[min(chunk * chunkSize, records.count)..<min((chunk + 1) * chunkSize, records.count)])
            Thread.detachNewThread { [engine] in
                var output: [UInt8] = []
                output.reserveCapacity(slice.count * 96)
                for line in slice {
                    VerdictJSON.append(command: line, verdict: engine.evaluate(line), to: &output)
                    output.append(0x0A)
                }
                outputs.store(output, at: chunk)
                finished.signal()
            }
        }
        for _ in 0..<chunkCount { finished.wait() }
        for chunk in 0..<chunkCount {
            FileHandle.standardOutput.write(Data(outputs.take(chunk)))
        }
    }
}

/// Per-chunk results written by concurrent workers, each to its own slot.
final class ChunkOutputs: Sendable {
    private let slots: Mutex<[[UInt8]]>

    init(count: Int) {
        slots = Mutex(Array(repeating: [], count: count))
    }

    func store(_ bytes: [UInt8], at index: Int) {
        slots.withLock { $0[index] = bytes }
    }

    func take(_ index: Int) -> [UInt8] {
        slots.withLock { slots in
            defer { slots[index] = [] }
            return slots[index]
        }
    }
}
