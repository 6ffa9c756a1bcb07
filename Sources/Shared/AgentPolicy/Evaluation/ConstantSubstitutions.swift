/// `$(echo rm) -rf /`, `` `printf /bin/rm` ``, `cmd=$(echo rm); $cmd …`: a command substitution that
/// only prints fixed text is that text. Folding it lets the rules judge the program it names
/// instead of settling for "the program name is computed at run time".
enum ConstantSubstitutions {
    /// The word with each `$(…)` replaced by what it prints, when every one of them prints fixed
    /// text; the word itself otherwise.
    static func folded(_ word: Word) -> Word {
        guard word.hasCommandSubstitution, !word.isProcessSubstitution, !word.substitutions.isEmpty else { return word }
        var outputs: [String] = []
        for script in word.substitutions {
            guard let output = output(of: script) else { return word }
            outputs.append(output)
        }
        let pieces = word.text.split(separator: placeholder, omittingEmptySubsequences: false).map(String.init)
        guard pieces.count == outputs.count + 1 else { return word }
        var text = pieces[0]
        for (output, piece) in zip(outputs, pieces.dropFirst()) { text += output + piece }
        var result = word
        result.text = text
        result.hasCommandSubstitution = false
        result.substitutions = []
        result.startsWithExpansion = text.hasPrefix("$")
        result.isStatic = !text.contains("$") && !word.hasUnquotedGlob
        return result
    }

    /// How the parser writes a command substitution into a word's text.
    static let placeholder = "$(…)"

    /// What a lone `echo` or `printf` of static words prints (without the trailing newline the
    /// substitution strips); nil for anything else.
    static func output(of script: Script) -> String? {
        guard script.pipelines.count == 1, let pipeline = script.pipelines.first, pipeline.commands.count == 1,
            case .simple(let command) = pipeline.commands[0], command.redirects.isEmpty, command.assignments.isEmpty,
            let first = command.words.first, command.words.allSatisfy(\.isStatic)
        else { return nil }
        var arguments = command.words.dropFirst().map(\.text)
        switch ProgramName.normalise(first) {
        case "echo":
            while let option = arguments.first, ["-n", "-e", "-E"].contains(option) { arguments.removeFirst() }
            return arguments.joined(separator: " ")
        case "printf":
            // Only a format with no conversions prints itself.
            guard arguments.count == 1, let format = arguments.first, !format.contains("%") else { return nil }
            var text = format.replacingOccurrences(of: "\\n", with: "\n")
            while text.hasSuffix("\n") { text.removeLast() }
            return text
        default:
            return nil
        }
    }
}
