/// A shell or interpreter named without a path, handed to a program the policy has no entry for
/// in a place where that program runs it: after an option that means "run" (`--exec bash`,
/// `-e sh`, `--command=zsh`), after a run verb (`tool exec bash`, `spawner run sh`) or after
/// `--` (`lxc exec web -- bash`). Elsewhere a bare shell name is data, and ordinary: completion
/// and init scripts (`starship init bash`, `direnv hook zsh`), package names (`apt install zsh`),
/// `chsh -s bash`. What the shell is given is judged as usual: alone it reads the SSH channel.
enum BareShellOperands {
    /// Options whose value is the command to run.
    static let runOptions: NameSet = ["-e", "-x", "--exec", "--execute", "--run", "--cmd", "--command", "--program"]
    /// Verbs after which the next operand is the command to run.
    static let runVerbs: NameSet = ["exec", "run", "spawn", "launch", "execute"]

    static func launches(in invocation: Invocation) -> [Launch] {
        let program = invocation.program
        // Nearly every command has no shell name among its words: rule that out first.
        guard
            invocation.words.contains(where: { word in
                isCodeRunnerName(word.text) || (word.text.hasPrefix("--") && word.text.utf8.contains(UInt8(ascii: "=")))
            })
        else { return [] }
        // Programs with an entry of their own (data handlers, readers, shells, package managers,
        // tools with a command-line layout, known launchers) are judged by it.
        guard !invocation.words.isEmpty, !ShellOperands.filesAsData.contains(program), !ShellOperands.readers.contains(program),
            !Wrappers.shells.contains(program), !InterpreterRules.interpreters.contains(program),
            ProgramTable.layouts[program] == nil, PackageRules.changingVerbs[program] == nil,
            Wrappers.plainLaunchers[program] == nil
        else { return [] }
        let words = invocation.words
        for (index, word) in words.enumerated() {
            var name = word.text
            var runs = false
            if let equals = name.firstIndex(of: "="), name.hasPrefix("--"), runOptions.contains(String(name[..<equals])) {
                name = String(name[name.index(after: equals)...])
                runs = true
            } else if index > 0 {
                let before = words[index - 1].text
                runs = runOptions.contains(before) || before == "--" || (runVerbs.contains(before) && index == 1)
            }
            guard runs, isCodeRunnerName(name) else { continue }
            var command = Array(words[index...])
            command[0] = Word(text: name)
            return [.command(command, [])]
        }
        return []
    }

    /// `bash`, `sh`, `python3`: a shell or interpreter's own name, no path.
    static func isCodeRunnerName(_ name: String) -> Bool {
        // Program names are short; a long word (a 1 MB argument) is not scanned.
        name.utf8.count <= 64 && !name.utf8.contains(UInt8(ascii: "/")) && ShellOperands.codeRunners.contains(name)
    }
}
