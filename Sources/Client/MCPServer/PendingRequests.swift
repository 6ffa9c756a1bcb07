import Foundation
import MCP
import Synchronization

/// The requests read from stdin that have not been answered yet. When stdin closes, the message
/// stream is held open until they are: a client that writes its requests and then closes its end
/// (`printf … | ssh-for-agents`) still gets every answer, and the server exits right after the last.
final class PendingRequests: Sendable {
    private struct State {
        var ids: Set<String> = []
        var inputClosed = false
        var finished = false
    }

    private let state = Mutex(State())
    private let onDrained: @Sendable () -> Void

    init(onDrained: @escaping @Sendable () -> Void) {
        self.onDrained = onDrained
    }

    /// Notes a request read from stdin.
    func received(request id: ID) {
        state.withLock { _ = $0.ids.insert(Self.key(id)) }
    }

    /// Notes a `notifications/cancelled`: a cancelled request gets no response (MCP cancellation),
    /// so it is settled now.
    func cancelled(request id: ID) {
        settle([Self.key(id)])
    }

    static func key(_ id: ID) -> String {
        switch id {
        case .string(let text): return "s" + text
        case .number(let number): return "n\(number)"
        }
    }

    /// Notes a message read from stdin that only `JSONSerialization` could read (a batch, say).
    func received(_ message: Any) {
        if let batch = message as? [Any] {
            batch.forEach(received)
            return
        }
        guard let object = message as? [String: Any], let method = object["method"] as? String else { return }
        if let id = object["id"] {
            if let key = Self.key(id) { state.withLock { _ = $0.ids.insert(key) } }
        } else if method == "notifications/cancelled",
                  let params = object["params"] as? [String: Any], let id = params["requestId"], let key = Self.key(id) {
            // A cancelled request gets no response (MCP cancellation), so it is settled now.
            settle([key])
        }
    }

    /// Notes a message written to stdout; a response settles its request.
    func sent(_ message: Data) {
        let ids = Self.responseIDs(in: message)
        if !ids.isEmpty { settle(ids.compactMap(Self.key)) }
    }

    func inputClosed() {
        let drained = state.withLock { state -> Bool in
            state.inputClosed = true
            return takeFinish(&state)
        }
        if drained { onDrained() }
    }

    private func settle(_ keys: [String]) {
        let drained = state.withLock { state -> Bool in
            keys.forEach { state.ids.remove($0) }
            return takeFinish(&state)
        }
        if drained { onDrained() }
    }

    private func takeFinish(_ state: inout State) -> Bool {
        guard state.inputClosed, state.ids.isEmpty, !state.finished else { return false }
        state.finished = true
        return true
    }

    /// JSON-RPC ids are strings or integers; anything else cannot be answered by id anyway.
    static func key(_ id: Any) -> String? {
        if let text = id as? String { return "s" + text }
        // JSONSerialization gives booleans as NSNumber too; their type code is "c".
        if let number = id as? NSNumber, String(cString: number.objCType) != "c",
           let integer = Int(exactly: number.doubleValue) {
            return "n\(integer)"
        }
        return nil
    }

    /// The ids of the responses in an outgoing message (one object, or a batch array); requests and
    /// notifications (they carry "method") have none. Scans the top level instead of parsing, as
    /// results can be large.
    static func responseIDs(in data: Data) -> [Any] {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var scanner = TopLevelScanner(bytes: bytes)
            return scanner.responseIDs()
        }
    }
}

/// Walks JSON just far enough to read the members of the top-level object(s): nested values and
/// strings are skipped by depth and quote tracking.
private struct TopLevelScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    mutating func responseIDs() -> [Any] {
        skipWhitespace()
        guard index < bytes.count else { return [] }
        if bytes[index] == UInt8(ascii: "{") { return objectID().map { [$0] } ?? [] }
        guard bytes[index] == UInt8(ascii: "[") else { return [] }
        index += 1
        var ids: [Any] = []
        while index < bytes.count {
            skipWhitespace()
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "{"): if let id = objectID() { ids.append(id) }
            case UInt8(ascii: "]"): return ids
            default: index += 1
            }
        }
        return ids
    }

    /// At a "{": the "id" member's value when the object has no "method".
    private mutating func objectID() -> Any? {
        index += 1
        var id: Any?
        var isRequest = false
        while index < bytes.count {
            skipWhitespace()
            guard index < bytes.count else { break }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            let keyStart = index
            skipValue()
            let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
            skipWhitespace()
            let valueStart = index
            skipValue()
            if key == "\"method\"" { isRequest = true }
            if key == "\"id\"" {
                id = try? JSONSerialization.jsonObject(with: Data(bytes[valueStart..<index]), options: .fragmentsAllowed)
            }
        }
        return isRequest ? nil : id
    }

    /// Moves past one value: a string, a nested object or array, or a bare literal.
    private mutating func skipValue() {
        guard index < bytes.count else { return }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            index += 1
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                switch bytes[index] {
                case UInt8(ascii: "\""): skipValue(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                index += 1
            } while depth > 0 && index < bytes.count
        default:
            while index < bytes.count, !",}] \n\t\r".utf8.contains(bytes[index]) { index += 1 }
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, " \n\t\r".utf8.contains(bytes[index]) { index += 1 }
    }
}
