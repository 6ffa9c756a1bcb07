/// One program about to run, as the rules see it: wrappers removed, the program name normalised,
/// and what surrounds it (pipeline neighbours, inline standard input, the working directory).
struct Invocation: Sendable {
    /// Normalised program name: `/usr/bin/git`, `\git` and `"git"` are all `git`. A program run from
    /// a non-standard directory keeps its path (`/tmp/x/rg` is not `rg`).
    var program: String
    var programWord: Word
    var words: [Word]
    var redirects: [Redirect]
    var assignments: [(name: String, value: Word)]
    /// Programs (with arguments) earlier in the same pipeline: what feeds this one's stdin.
    var upstream: [Invocation] = []
    /// Program names later in the same pipeline.
    var downstream: [String] = []
    /// Wrappers seen through to reach this program (`sudo`, `env`, `xargs`, …).
    var wrappers: [String] = []
    /// A heredoc or here-string feeding stdin.
    var inlineInput: String?
    /// The directory the script `cd`-ed into before this command, when known.
    var workingDirectory: String?

    /// No `cd` ran before this command, so it runs where SSH starts commands: the home directory.
    var inHomeDirectory = false

    /// The program name came from a variable set earlier in the script (unquoted, so it word-splits).
    var programFromVariable = false
    /// The paths this command writes, computed once before the rules run (several rules need them).
    var written: [PathFacts] = []

    var arguments: [String] { words.map(\.text) }

    var segment: Segment { Segment(program: program, arguments: arguments) }

    /// The first argument that is not an option.
    var firstOperand: Word? { operands.first }

    /// Arguments that are not options (after `--`, everything is an operand).
    var operands: [Word] {
        var result: [Word] = []
        var optionsEnded = false
        for word in words {
            if !optionsEnded, word.text == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded, word.text.count > 1, word.text.hasPrefix("-") { continue }
            result.append(word)
        }
        return result
    }

    /// Whether a short flag letter is set (`-rf` has `r` and `f`) or a long option is present.
    /// `abbreviated: false` for flags that make a command *harmless* (`--dry-run`, `--simulate`):
    /// there an abbreviation may mean another option (`npm … --d` is `--loglevel`), so only the
    /// full name counts.
    func hasFlag(_ letter: Character? = nil, long: [String] = [], abbreviated: Bool = true) -> Bool {
        for word in words {
            let text = word.text
            if text == "--" { return false }
            if text.hasPrefix("--") {
                let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
                if long.contains(where: { abbreviated ? Self.abbreviates(name, $0) : name == $0 }) { return true }
            } else if let letter, text.hasPrefix("-"), text.count > 1, text.dropFirst().allSatisfy({ $0.isLetter || $0.isNumber })
            {
                if text.dropFirst().contains(letter) { return true }
            }
        }
        return false
    }

    /// The value of an option given as `-o VALUE`, `-oVALUE`, `--opt=VALUE` or `--opt VALUE`.
    func optionValues(short: [String] = [], long: [String] = []) -> [Word] {
        var values: [Word] = []
        var index = 0
        while index < words.count {
            let text = words[index].text
            if text == "--" { break }
            for name in short where text.hasPrefix(name) {
                if text == name, index + 1 < words.count {
                    values.append(words[index + 1])
                } else if text.count > name.count {
                    var attached = words[index]
                    attached.text = String(text.dropFirst(name.count))
                    values.append(attached)
                }
            }
            // Long names are matched as written or abbreviated (`--out=F`); single-dash long names
            // (`zip -TT`, `find -fprint`) only as written.
            let written = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            for name in long
            where name.hasPrefix("--") ? text.hasPrefix("--") && Self.abbreviates(written, name) : written == name {
                if written == text, index + 1 < words.count {
                    values.append(words[index + 1])
                } else if written != text {
                    var attached = words[index]
                    attached.text = String(text.dropFirst(written.count + 1))
                    values.append(attached)
                }
            }
            index += 1
        }
        return values
    }

    /// Whether `written` names the long option `name`: exactly, or abbreviated, as GNU
    /// getopt_long and git accept any unambiguous prefix (`sed --in`, `sort --o=FILE`). A rule
    /// asks about options that matter, so reading an ambiguous prefix as that option errs on the
    /// strict side.
    static func abbreviates(_ written: String, _ name: String) -> Bool {
        written == name || (written.utf8.count >= 3 && written.hasPrefix("--") && name.hasPrefix(written))
    }
}
