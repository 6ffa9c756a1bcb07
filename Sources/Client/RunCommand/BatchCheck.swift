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

/// `{"command": "...", "decision": "...", "reasons": [{"rule": "...", "message": "..."}]}`
enum VerdictJSON {
    static func line(command: String, verdict: Verdict, mode: PolicyMode) -> String {
        var bytes: [UInt8] = []
        append(command: command, verdict: verdict, mode: mode, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(command: String, verdict: Verdict, mode: PolicyMode? = nil, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"command":"#.utf8)
        appendString(command, to: &out)
        out.append(contentsOf: #","decision":"#.utf8)
        appendString(verdict.decision.rawValue, to: &out)
        if let mode {
            out.append(contentsOf: #","mode":"#.utf8)
            appendString(mode.rawValue, to: &out)
        }
        out.append(contentsOf: #","reasons":["#.utf8)
        var first = true
        for reason in verdict.reasons where reason.decision != .allow {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: #"{"rule":"#.utf8)
            appendString(reason.rule, to: &out)
            out.append(contentsOf: #","decision":"#.utf8)
            appendString(reason.decision.rawValue, to: &out)
            out.append(contentsOf: #","message":"#.utf8)
            appendString(reason.message, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; the rest as UTF-8.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
