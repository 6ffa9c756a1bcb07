/// Perl's and Ruby's quote operators, strings written without quote marks: `qq(rm -rf /)`,
/// `qx{…}`, `q|…|`, `%x(…)`, `%q[…]`, `%Q<…>`. Code that hands such a string to `system` hides the
/// command from a search that only knows `'…'` and `"…"`.
enum QuoteOperators {
    /// Operator spellings, longest first so `qq` is not read as `q` followed by a delimiter `q`.
    static let operators = ["qq", "qx", "qw", "%x", "%q", "%Q", "%w", "%W", "q"]

    static func strings(in code: String) -> [String] {
        var result: [String] = []
        let characters = Array(code)
        var index = 0
        while index < characters.count {
            guard let spelling = operators.first(where: { starts(characters, at: index, with: $0) }),
                isWordStart(characters, at: index)
            else {
                index += 1
                continue
            }
            var open = index + spelling.count
            while open < characters.count, characters[open] == " " { open += 1 }
            guard open < characters.count, let close = closer(for: characters[open]) else {
                index += spelling.count
                continue
            }
            var end = open + 1
            var nesting = 0
            while end < characters.count {
                if characters[end] == characters[open], close != characters[open] { nesting += 1 }
                if characters[end] == close {
                    if nesting == 0 { break }
                    nesting -= 1
                }
                end += 1
            }
            guard end < characters.count else { break }
            result.append(String(characters[(open + 1)..<end]))
            index = end + 1
        }
        return result
    }

    /// Bracketing delimiters close with their partner; any other punctuation closes with itself.
    private static func closer(for delimiter: Character) -> Character? {
        switch delimiter {
        case "(": ")"
        case "[": "]"
        case "{": "}"
        case "<": ">"
        default: delimiter.isPunctuation || delimiter.isSymbol ? delimiter : nil
        }
    }

    private static func starts(_ characters: [Character], at index: Int, with spelling: String) -> Bool {
        let spelled = Array(spelling)
        guard index + spelled.count <= characters.count else { return false }
        return Array(characters[index..<(index + spelled.count)]) == spelled
    }

    /// `q` in `sql(` or `seq(` is part of a name, not an operator.
    private static func isWordStart(_ characters: [Character], at index: Int) -> Bool {
        guard index > 0 else { return true }
        let before = characters[index - 1]
        return !(before.isLetter || before.isNumber || before == "_" || before == "$" || before == "@")
    }
}
