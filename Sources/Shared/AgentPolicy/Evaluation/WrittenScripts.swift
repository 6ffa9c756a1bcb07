/// Files a command line writes with content the policy can see (`cat > x.sh <<'EOF' … EOF`,
/// `echo 'rm -rf /' > x.sh`), so `… ; bash x.sh` is judged by what the file holds.
struct WrittenScripts: Sendable {
    private var contents: [String: String] = [:]

    mutating func record(_ invocation: Invocation) {
        guard ["cat", "tee", "echo", "printf"].contains(invocation.program) else { return }
        let text: String?
        switch invocation.program {
        case "cat", "tee": text = invocation.inlineInput
        case "printf":
            // The format's escapes are printf's: `printf 'rm -rf /\n'` writes a line.
            text =
                invocation.words.allSatisfy(\.isStatic)
                ? invocation.operands.first.map { Self.printfEscapes($0.text) } : nil
        default: text = Self.echoed(invocation)
        }
        guard let text else { return }
        var targets = invocation.redirects.filter { $0.writesFile }.map(\.target)
        if invocation.program == "tee" { targets += invocation.operands }
        for target in targets where target.isStatic {
            let key = Self.key(for: target, workingDirectory: invocation.workingDirectory)
            let append = invocation.redirects.contains { $0.op == .append && $0.target.text == target.text }
            contents[key] = append ? (contents[key] ?? "") + text : text
        }
    }

    /// What `echo` writes: its words, escapes decoded (dash's echo always decodes them, bash's
    /// with `-e`; reading them decoded is the stricter of the two), and the newline it ends with.
    /// Expansions stay as written (`$(tty)`): the commands around them are still judged.
    static func echoed(_ invocation: Invocation) -> String {
        let options = invocation.words.prefix { $0.text.hasPrefix("-") && $0.text.count > 1 }.map(\.text)
        let text = invocation.words.dropFirst(options.count).map(\.text).joined(separator: " ")
        let decoded = options.contains { $0.contains("E") } ? text : printfEscapes(text)
        return options.contains { $0.contains("n") } ? decoded : decoded + "\n"
    }

    static func printfEscapes(_ format: String) -> String {
        // Most text has no escape: returned as it is instead of rebuilt character by character.
        guard format.utf8.contains(UInt8(ascii: "\\")) else { return format }
        var result = ""
        var characters = format[...]
        while let first = characters.first {
            characters = characters.dropFirst()
            guard first == "\\", let next = characters.first else {
                result.append(first)
                continue
            }
            characters = characters.dropFirst()
            switch next {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "\\": result.append("\\")
            default:
                result.append(first)
                result.append(next)
            }
        }
        return result
    }

    var isEmpty: Bool { contents.isEmpty }

    func content(of word: Word, workingDirectory: String?) -> String? {
        guard !contents.isEmpty, word.isStatic else { return nil }
        return contents[Self.key(for: word, workingDirectory: workingDirectory)]
    }

    private static func key(for word: Word, workingDirectory: String?) -> String {
        let facts = PathFacts(word, workingDirectory: workingDirectory)
        if let path = facts.absolutePath { return path }
        var text = word.text
        while text.hasPrefix("./") { text.removeFirst(2) }
        return text
    }
}
