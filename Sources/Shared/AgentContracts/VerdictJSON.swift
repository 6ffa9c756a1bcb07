import AgentPolicy

/// A verdict as one JSON line, for both `check` verbs (client CLI and enforcer) and their batch
/// mode. Hand-written, because encoding 100,000 objects through JSONEncoder costs more than
/// evaluating them:
///
///     {"command": "...", "decision": "...", "reasons": [{"rule": "...", "message": "..."}]}
public enum VerdictJSON {
    public static func line(command: String, verdict: Verdict, mode: PolicyMode) -> String {
        var bytes: [UInt8] = []
        append(command: command, verdict: verdict, mode: mode, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func append(command: String, verdict: Verdict, mode: PolicyMode? = nil, to out: inout [UInt8]) {
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
    public static func appendString(_ text: String, to out: inout [UInt8]) {
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
