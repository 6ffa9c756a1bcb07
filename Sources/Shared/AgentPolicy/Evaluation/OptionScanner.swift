/// Walks a command's options, getopt style, to find where its operands begin: the wrapped command
/// of a wrapper (`sudo -u root rm x`), the remote command of `ssh`, the one `docker exec` runs.
struct OptionScanner {
    let words: [Word]
    /// Options that take a separate value (`-u root`); `--long=value` forms are handled always.
    let valued: NameSet
    /// Short options that take a value, possibly attached (`-uroot`).
    let valuedShort: Set<Character>

    init(_ words: [Word], valued: NameSet = [], valuedShort: String = "") {
        self.words = words
        self.valued = valued
        self.valuedShort = Set(valuedShort)
    }

    /// Index of the first operand (after options and an optional `--`), and the options seen.
    func scan(stopAtFirstOperand: Bool = true) -> (operandIndex: Int, options: [(name: String, value: Word?)]) {
        var index = 0
        var options: [(String, Word?)] = []
        while index < words.count {
            let text = words[index].text
            if text == "--" { return (index + 1, options) }
            guard text.hasPrefix("-"), text.count > 1 else { return (index, options) }
            if text.hasPrefix("--") {
                if let equals = text.firstIndex(of: "=") {
                    var value = words[index]
                    value.text = String(text[text.index(after: equals)...])
                    options.append((String(text[..<equals]), value))
                } else if valued.contains(text), index + 1 < words.count {
                    options.append((text, words[index + 1]))
                    index += 1
                } else {
                    options.append((text, nil))
                }
                index += 1
                continue
            }
            if valued.contains(text), index + 1 < words.count {
                options.append((text, words[index + 1]))
                index += 2
                continue
            }
            // Combined short flags; a valued letter takes the rest of the word or the next word.
            var letters = Array(text.dropFirst())
            var consumedNext = false
            while !letters.isEmpty {
                let letter = letters.removeFirst()
                if valuedShort.contains(letter) {
                    if !letters.isEmpty {
                        var value = words[index]
                        value.text = String(letters)
                        options.append(("-\(letter)", value))
                    } else if index + 1 < words.count {
                        options.append(("-\(letter)", words[index + 1]))
                        consumedNext = true
                    } else {
                        options.append(("-\(letter)", nil))
                    }
                    letters.removeAll()
                } else {
                    options.append(("-\(letter)", nil))
                }
            }
            index += consumedNext ? 2 : 1
        }
        return (index, options)
    }
}
