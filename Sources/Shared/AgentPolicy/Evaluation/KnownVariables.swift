/// Variables assigned fixed values earlier in the same script (`R=rm; $R -rf /`). Their uses are
/// replaced by the value, so a name hidden in a variable is judged like the name itself.
struct KnownVariables: Sendable {
    private var values: [String: String] = [:]

    mutating func record(_ assignments: [(name: String, value: Word)]) {
        for (name, assigned) in assignments {
            // `cmd=$(printf rm)` holds `rm` as surely as `cmd=rm`.
            let value = ConstantSubstitutions.folded(assigned)
            if value.isStatic { values[name] = value.text } else { values[name] = nil }
        }
    }

    func substituted(in invocation: Invocation) -> Invocation {
        guard !values.isEmpty else { return invocation }
        var result = invocation
        result.programWord = substituted(invocation.programWord)
        if result.programWord.text != invocation.programWord.text {
            result.program = ProgramName.normalise(result.programWord)
            result.programFromVariable = true
        }
        result.words = invocation.words.map(substituted)
        return result
    }

    private func substituted(_ word: Word) -> Word {
        guard !word.isStatic, word.text.utf8.contains(UInt8(ascii: "$")) else { return word }
        var text = word.text
        for (name, value) in values {
            text = text.replacingOccurrences(of: "${\(name)}", with: value)
            text = replacingBare(name, with: value, in: text)
        }
        guard text != word.text else { return word }
        var result = word
        result.text = text
        if !text.contains("$") && !word.hasCommandSubstitution {
            result.isStatic = true
            result.startsWithExpansion = false
        }
        return result
    }

    /// `$NAME` not followed by more identifier characters.
    private func replacingBare(_ name: String, with value: String, in text: String) -> String {
        let token = "$" + name
        guard text.contains(token) else { return text }
        var result = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: token) {
            let after = rest[range.upperBound...].first
            result += rest[..<range.lowerBound]
            if let after, after.isLetter || after.isNumber || after == "_" {
                result += token
            } else {
                result += value
            }
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

/// `$IFS` used as a word separator.
enum IFSSplitting {
    static func resplit(_ invocation: Invocation) -> String? {
        let all = [invocation.programWord] + invocation.words
        // A substituted variable that held several words (`R='rm -rf'; $R /`) splits the same way.
        if invocation.programFromVariable, invocation.programWord.text.contains(where: { $0 == " " || $0 == "\t" }) {
            return all.map(\.text).joined(separator: " ")
        }
        guard
            all.contains(where: {
                !$0.isStatic && $0.text.utf8.contains(UInt8(ascii: "$"))
                    && ($0.text.containsText("$IFS") || $0.text.containsText("${IFS}"))
            })
        else { return nil }
        return all.map { $0.text.replacingOccurrences(of: "${IFS}", with: " ").replacingOccurrences(of: "$IFS", with: " ") }
            .joined(separator: " ")
    }
}
