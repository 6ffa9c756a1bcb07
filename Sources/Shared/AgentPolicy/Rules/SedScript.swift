/// Just enough of sed's language to find the commands that run programs (`e`, the `e` flag of `s`)
/// and write files (`w`, the `w` flag of `s`).
enum SedScript {
    /// The sed scripts of an invocation: `-e SCRIPT`, `--expression=SCRIPT`, or the first operand.
    static func scripts(of invocation: Invocation) -> [String] {
        var scripts: [String] = []
        var firstOperand: String?
        var hasFileScript = false
        var index = 0
        while index < invocation.words.count {
            let text = invocation.words[index].text
            if text == "-e" || text == "--expression", index + 1 < invocation.words.count {
                scripts.append(invocation.words[index + 1].text)
                index += 2
                continue
            }
            if text.hasPrefix("--expression=") {
                scripts.append(String(text.dropFirst(13)))
            } else if text.hasPrefix("-e"), text.count > 2, !text.hasPrefix("--") {
                scripts.append(String(text.dropFirst(2)))
            } else if text == "-f" || text.hasPrefix("--file") {
                hasFileScript = true
                index += text == "-f" ? 2 : 1
                continue
            } else if text.hasPrefix("-"), text != "-" {
            } else if firstOperand == nil {
                firstOperand = text
            }
            index += 1
        }
        if scripts.isEmpty, !hasFileScript, let firstOperand { scripts.append(firstOperand) }
        return scripts
    }

    private struct Command {
        var name: Character
        var flags: String = ""
        var argument: String = ""
    }

    private static func commands(_ script: String) -> [Command] {
        var result: [Command] = []
        let characters = Array(script)
        var index = 0
        func skip(_ predicate: (Character) -> Bool) {
            while index < characters.count, predicate(characters[index]) { index += 1 }
        }
        func readDelimited(_ delimiter: Character) {
            while index < characters.count, characters[index] != delimiter {
                if characters[index] == "\\" { index += 1 }
                index += 1
            }
            index += 1
        }
        func restOfLine() -> String {
            let start = index
            while index < characters.count, characters[index] != "\n" { index += 1 }
            return String(characters[start..<index])
        }
        while index < characters.count {
            skip { $0 == " " || $0 == "\t" || $0 == ";" || $0 == "\n" || $0 == "{" || $0 == "}" }
            // Address: line numbers, $, /regex/, \cREGEXc, ranges, steps, negation.
            while index < characters.count {
                let character = characters[index]
                if character.isNumber || character == "$" || character == "," || character == "~" || character == "!"
                    || character == "+" || character == " "
                {
                    index += 1
                } else if character == "/" {
                    index += 1
                    readDelimited("/")
                } else if character == "\\", index + 1 < characters.count {
                    let delimiter = characters[index + 1]
                    index += 2
                    readDelimited(delimiter)
                } else {
                    break
                }
            }
            guard index < characters.count else { break }
            let name = characters[index]
            index += 1
            var command = Command(name: name)
            switch name {
            case "s", "y":
                guard index < characters.count else { break }
                let delimiter = characters[index]
                index += 1
                readDelimited(delimiter)
                readDelimited(delimiter)
                let flagStart = index
                while index < characters.count, characters[index] != ";", characters[index] != "\n", characters[index] != "}" {
                    if characters[index] == "w" {
                        command.flags = String(characters[flagStart..<index]) + "w"
                        index += 1
                        command.argument = restOfLine().trimmingSpaces()
                        break
                    }
                    index += 1
                }
                if command.flags.isEmpty { command.flags = String(characters[flagStart..<index]) }
            case "e", "w", "W", "r", "R", "a", "i", "c", "b", "t", "T", ":", "l", "L", "q", "Q":
                command.argument = restOfLine().trimmingSpaces()
            default:
                break
            }
            result.append(command)
        }
        return result
    }

    static func executes(_ script: String) -> Bool {
        commands(script).contains { $0.name == "e" || ($0.name == "s" && $0.flags.contains("e")) }
    }

    static func writtenFiles(_ script: String) -> [String] {
        commands(script).compactMap { command in
            if command.name == "w" || command.name == "W" { return command.argument }
            if command.name == "s", command.flags.contains("w") { return command.argument }
            return nil
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = self[...]
        while view.first == " " || view.first == "\t" { view = view.dropFirst() }
        while view.last == " " || view.last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
