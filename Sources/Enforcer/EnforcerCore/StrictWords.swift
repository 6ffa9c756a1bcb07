/// Splits the commands OpenSSH clients send for git, rsync, scp and sftp into words — and nothing
/// more: plain words, single-quoted words (git's `'\''` included) and backslash escapes (rsync's).
/// Anything the shell would treat specially (`;`, `|`, `$`, `` ` ``, globs, redirections, double
/// quotes, newlines) makes it nil, so the command is judged by the policy as a whole instead.
enum StrictWords {
    static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case " ", "\t":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "'":
                inWord = true
                var closed = false
                while let quoted = iterator.next() {
                    if quoted == "'" {
                        closed = true
                        break
                    }
                    current.unicodeScalars.append(quoted)
                }
                guard closed else { return nil }
            case "\\":
                guard let escaped = iterator.next(), escaped != "\n" else { return nil }
                current.unicodeScalars.append(escaped)
                inWord = true
            default:
                guard isPlain(scalar) else { return nil }
                current.unicodeScalars.append(scalar)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// Characters that mean themselves to the shell outside quotes (a `~` only expands at a word's
    /// start, which the judgement treats as the home directory either way).
    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "_", ".", "/", ",", ":", "@", "%", "+", "=", "-", "~": true
        default:
            scalar.value >= 0x80 && scalar.properties.generalCategory != .control
                && scalar.properties.generalCategory != .format
        }
    }

    /// A word the policy's parser reads back as `text`, keeping a leading `~/` a home path.
    static func shellWord(_ text: String) -> String {
        if text == "~" { return "~" }
        if text.hasPrefix("~/") { return "~/" + quote(String(text.dropFirst(2))) }
        return quote(text)
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacing("'", with: "'\\''") + "'"
    }
}
