/// bash evaluates an array subscript as arithmetic, and expands the command substitutions in it,
/// wherever a builtin takes a variable name: `printf -v 'x[$(cmd)]'`, `read 'a[$(cmd)]'`,
/// `test -v 'a[$(cmd)]'`, `declare -n r='a[$(cmd)]'`, `let 'x=a[$(cmd)]'`, `unset 'a[$(cmd)]'`.
/// The quotes hide the substitution from a plain reading, so it is found and judged as code.
enum SubscriptCode {
    static let builtins: NameSet = [
        "printf", "read", "test", "[", "[[", "declare", "typeset", "local", "export",
        "readonly", "let", "unset", "mapfile", "readarray", "wait",
    ]

    static func unwrap(_ invocation: Invocation) -> Launch? {
        guard builtins.contains(invocation.program) else { return nil }
        let code = invocation.words.flatMap { substitutionsInSubscripts($0.text) }
        return code.isEmpty ? nil : .code(code.joined(separator: "\n"), origin: "\(invocation.program) array subscript")
    }

    /// The code of every `$( … )` or `` `…` `` that comes after a `[`.
    static func substitutionsInSubscripts(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        guard let bracket = bytes.firstIndex(of: UInt8(ascii: "[")) else { return [] }
        var found: [String] = []
        var index = bracket + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "(") {
                var depth = 0
                var end = index + 1
                while end < bytes.count {
                    if bytes[end] == UInt8(ascii: "(") { depth += 1 }
                    if bytes[end] == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    end += 1
                }
                found.append(String(decoding: bytes[(index + 2)..<min(end, bytes.count)], as: UTF8.self))
                index = end + 1
            } else if bytes[index] == UInt8(ascii: "`") {
                let end = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "`")) ?? bytes.count
                found.append(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
                index = end + 1
            } else {
                index += 1
            }
        }
        return found
    }
}
