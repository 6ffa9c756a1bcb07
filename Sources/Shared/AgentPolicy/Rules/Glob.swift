/// Shell pattern matching (`*`, `?`, `[…]`, `[!…]`), enough to tell whether a pattern the shell
/// will expand can name a given path. `*` and `?` do not match `/`, as in pathname expansion.
enum Glob {
    static func matches(_ pattern: String, _ candidate: String) -> Bool {
        matches(Array(pattern.unicodeScalars)[...], Array(candidate.unicodeScalars)[...])
    }

    private static func matches(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "*":
            var rest = text
            while true {
                if matches(pattern.dropFirst(), rest) { return true }
                guard let next = rest.first, next != "/" else { return false }
                rest = rest.dropFirst()
            }
        case "?":
            guard let next = text.first, next != "/" else { return false }
            return matches(pattern.dropFirst(), text.dropFirst())
        case "[":
            guard let next = text.first, next != "/",
                let close = pattern.dropFirst(2).firstIndex(of: "]")
            else {
                return text.first == "[" && matches(pattern.dropFirst(), text.dropFirst())
            }
            var set = pattern[(pattern.startIndex + 1)..<close]
            let negated = set.first == "!" || set.first == "^"
            if negated { set = set.dropFirst() }
            var found = false
            var index = set.startIndex
            while index < set.endIndex {
                if index + 2 < set.endIndex, set[index + 1] == "-" {
                    if set[index] <= next && next <= set[index + 2] { found = true }
                    index += 3
                } else {
                    if set[index] == next { found = true }
                    index += 1
                }
            }
            return found != negated && matches(pattern[(close + 1)...], text.dropFirst())
        case "\\":
            let literal = pattern.dropFirst().first ?? "\\"
            return text.first == literal && matches(pattern.dropFirst(2), text.dropFirst())
        default:
            return text.first == first && matches(pattern.dropFirst(), text.dropFirst())
        }
    }
}
