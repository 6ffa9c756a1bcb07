/// The text a rewrite produces: two-space indentation, one member per line, keys in the order
/// the document has them, numbers as written, `/` and non-ASCII left as they are.
extension OrderedJSON {
    /// The same document on one line without spaces (`{"a":1,"b":[true]}`), for the wire and the
    /// audit trail. No newline can appear inside: control characters in strings are escaped.
    public func compact() -> String {
        var out = ""
        writeCompact(to: &out)
        return out
    }

    private func writeCompact(to out: inout String) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .number(let literal): out.append(literal)
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let items):
            out.append("[")
            var first = true
            for item in items {
                if !first { out.append(",") }
                first = false
                item.writeCompact(to: &out)
            }
            out.append("]")
        case .object(let members):
            out.append("{")
            var first = true
            for member in members {
                if !first { out.append(",") }
                first = false
                Self.writeString(member.key, to: &out)
                out.append(":")
                member.value.writeCompact(to: &out)
            }
            out.append("}")
        }
    }

    public func formatted() -> String {
        var out = ""
        write(to: &out, indent: 0)
        out.append("\n")
        return out
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .number(let literal): out.append(literal)
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let items):
            if items.isEmpty {
                out.append("[]")
                return
            }
            out.append("[\n")
            for (offset, item) in items.enumerated() {
                out.append(String(repeating: "  ", count: indent + 1))
                item.write(to: &out, indent: indent + 1)
                out.append(offset == items.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "]")
        case .object(let members):
            if members.isEmpty {
                out.append("{}")
                return
            }
            out.append("{\n")
            for (offset, member) in members.enumerated() {
                out.append(String(repeating: "  ", count: indent + 1))
                Self.writeString(member.key, to: &out)
                out.append(": ")
                member.value.write(to: &out, indent: indent + 1)
                out.append(offset == members.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "}")
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out.append("\"")
        // Most strings (keys, ids, modes) need no escape: appended whole, not scalar by scalar.
        // 0xE2 starts U+2028/U+2029, which the slow path escapes.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x7F && $0 != 0xE2 }) {
            out.append(text)
            out.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
