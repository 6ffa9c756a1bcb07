/// Bash brace expansion (`{rm,-rf,/}`, `/{etc,usr}`): a word becomes several words before the
/// command runs, so the rules must see the expanded words. Only words with an unquoted `{` are
/// expanded: expanding a quoted one is not stricter, it can cut code apart (an awk program
/// `'BEGIN{print "a", system("…")}'` split at its comma hid the `system` call). A word that mixes
/// a quoted group with an unquoted one is still expanded whole, which only adds words.
enum BraceExpansion {
    /// At most this many words from one word, so `{a,b}{a,b}…` cannot blow up.
    static let limit = 64

    static func expand(_ text: String) -> [String] {
        var results = [text]
        var changed = true
        while changed, results.count < limit {
            changed = false
            var next: [String] = []
            for item in results {
                if let alternatives = expandFirstGroup(item) {
                    next += alternatives
                    changed = true
                } else {
                    next.append(item)
                }
            }
            results = Array(next.prefix(limit))
        }
        return results
    }

    /// Expands the first `{x,y}` group with a comma at its top level; nil when there is none.
    private static func expandFirstGroup(_ text: String) -> [String]? {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            guard characters[index] == "{", index == 0 || characters[index - 1] != "$" else {
                index += 1
                continue
            }
            var depth = 0
            var commas: [Int] = []
            var close: Int?
            var scan = index
            while scan < characters.count {
                switch characters[scan] {
                case "{": depth += 1
                case "}":
                    depth -= 1
                    if depth == 0 { close = scan }
                case "," where depth == 1: commas.append(scan)
                default: break
                }
                if close != nil { break }
                scan += 1
            }
            guard let close else { return nil }
            if commas.isEmpty {
                index += 1
                continue
            }
            let prefix = String(characters[..<index])
            let suffix = String(characters[(close + 1)...])
            let bounds = [index] + commas + [close]
            var alternatives: [String] = []
            for position in 0..<(bounds.count - 1) {
                alternatives.append(prefix + String(characters[(bounds[position] + 1)..<bounds[position + 1]]) + suffix)
            }
            return alternatives
        }
        return nil
    }

    static func hasBraces(_ word: Word) -> Bool {
        let bytes = word.text.utf8
        return word.hasUnquotedBrace && bytes.contains(UInt8(ascii: "{")) && bytes.contains(UInt8(ascii: ","))
            && bytes.contains(UInt8(ascii: "}"))
    }

    /// The invocation with every brace-expanding word replaced by its expansions.
    static func expanded(_ invocation: Invocation) -> Invocation {
        let all = [invocation.programWord] + invocation.words
        guard all.contains(where: hasBraces) else { return invocation }
        var words: [Word] = []
        for word in all {
            let texts = hasBraces(word) ? expand(word.text) : [word.text]
            for text in texts {
                var copy = word
                copy.text = text
                words.append(copy)
            }
        }
        var result = invocation
        result.programWord = words[0]
        result.program = ProgramName.normalise(words[0])
        result.words = Array(words.dropFirst())
        return result
    }
}
