/// Files this command line wrote with content the policy can read, and then hands to a tool
/// that runs what they hold, each read in its own language:
/// - a script made executable (`chmod +x /tmp/t`): whatever runs it later (a tool's hook
///   option, a relative path the policy cannot match) runs that code, so it is judged now;
/// - source a compiler runs at once (`go run t.go`, `cobc -j t.cob`, `java T.java`);
/// - a build manifest with commands in it (`composer.json` scripts, `CMakeLists.txt`
///   `execute_process`, Makefile recipes) read by its tool;
/// - a kubeconfig whose `exec` credential plugin kubectl starts.
enum WrittenFileCode {
    static func check(_ invocation: Invocation, into evaluator: inout Evaluator, depth: Int) {
        guard !evaluator.writtenScripts.isEmpty else { return }
        let program = invocation.program
        if program == "chmod" {
            checkExecutable(invocation, into: &evaluator, depth: depth)
        } else if let sources = CompileAndRun.sources(of: invocation) {
            for source in sources {
                guard let code = evaluator.writtenScripts.content(of: source, workingDirectory: invocation.workingDirectory)
                else { continue }
                evaluator.add(
                    .interpreterInlineCode, "\(program) compiles and runs \(source.text), written earlier in this command")
                InterpreterRules.judgeReadableCode(code, origin: source.text, into: &evaluator, depth: depth)
            }
        } else if let names = manifests[program] {
            for file in manifestPaths(invocation, names: names) {
                guard let text = evaluator.writtenScripts.content(of: file, workingDirectory: invocation.workingDirectory)
                else { continue }
                judgeManifest(text, into: &evaluator, depth: depth)
            }
        }
        if ["kubectl", "oc", "helm", "k9s", "kubectx"].contains(program) {
            let files =
                invocation.optionValues(long: ["--kubeconfig"])
                + invocation.assignments.filter { $0.name == "KUBECONFIG" }.map(\.value)
            for file in files {
                guard let text = evaluator.writtenScripts.content(of: file, workingDirectory: invocation.workingDirectory)
                else { continue }
                for command in kubeconfigCommands(text) {
                    evaluator.evaluateCode(command, depth: depth, origin: "the exec plugin of the kubeconfig \(file.text)")
                }
            }
        }
    }

    // MARK: Executable scripts

    private static func checkExecutable(_ invocation: Invocation, into evaluator: inout Evaluator, depth: Int) {
        let operands = invocation.operands
        guard let mode = operands.first?.text else { return }
        let symbolic = (mode.contains("+") || mode.contains("=")) && mode.contains("x")
        let numeric = mode.allSatisfy(\.isNumber) && mode.contains { "1357".contains($0) }
        guard symbolic || numeric else { return }
        for file in operands.dropFirst() {
            guard let text = evaluator.writtenScripts.content(of: file, workingDirectory: invocation.workingDirectory)
            else { continue }
            judgeScript(text, origin: "\(file.text) (written earlier and made executable)", into: &evaluator, depth: depth)
        }
    }

    /// A script's code: an interpreter's (by its `#!` line) read as that language, a shell's as
    /// shell code, line by line when the whole does not parse.
    static func judgeScript(_ text: String, origin: String, into evaluator: inout Evaluator, depth: Int) {
        if text.hasPrefix("#!") {
            let words = text.dropFirst(2).prefix { $0 != "\n" }.split(separator: " ")
            var name = words.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
            if name == "env" { name = words.dropFirst().first { !$0.hasPrefix("-") }.map(String.init) ?? "" }
            if !Wrappers.shells.contains(name) {
                if ShellOperands.codeRunners.contains(name) {
                    InterpreterRules.judgeReadableCode(text, origin: origin, into: &evaluator, depth: depth)
                }
                return
            }
        }
        var parser = ShellParser(text, depth: depth + 1)
        if (try? parser.parseAll()) != nil {
            evaluator.evaluateEmbeddedCommands([text], depth: depth)
        } else {
            evaluator.evaluateEmbeddedCommands(text.split(separator: "\n").map(String.init), depth: depth)
        }
    }

    // MARK: Manifests

    /// Tool → the manifest files it reads from its project directory.
    static let manifests: NameTable<[String]> = [
        "composer": ["composer.json"], "npm": ["package.json"], "yarn": ["package.json"], "pnpm": ["package.json"],
        "bun": ["package.json"], "cmake": ["CMakeLists.txt"], "make": ["Makefile", "makefile", "GNUmakefile"],
        "gmake": ["GNUmakefile", "Makefile", "makefile"], "meson": ["meson.build"],
    ]

    /// The manifests in the directories the tool is pointed at (`-d`, `-C`, `--prefix`, `-S`, a
    /// directory operand) and in the working directory; make's `-f FILE` names one itself.
    private static func manifestPaths(_ invocation: Invocation, names: [String]) -> [Word] {
        var directories = invocation.optionValues(
            short: ["-d", "-C", "-S"], long: ["--working-dir", "--prefix", "--dir", "--directory", "--cwd"]
        ).map(\.text)
        if invocation.program == "cmake" || invocation.program == "meson" { directories += invocation.operands.map(\.text) }
        var files = directories.flatMap { directory in names.map { Word(text: directory + "/" + $0) } }
        files += names.map { Word(text: $0) }
        if invocation.program.hasSuffix("make") {
            files += invocation.optionValues(short: ["-f"], long: ["--file", "--makefile"])
        }
        return files
    }

    /// Commands in a manifest: quoted command strings (JSON scripts), `COMMAND …` arguments
    /// (CMake), recipe lines (make), and shell or interpreter paths called from its text.
    static func judgeManifest(_ text: String, into evaluator: inout Evaluator, depth: Int) {
        var commands = InterpreterRules.quotedStrings(in: text)
        for line in text.split(separator: "\n") {
            if line.hasPrefix("\t") { commands.append(String(line.drop { "\t@-+".contains($0) })) }
            var rest = line[...]
            while let range = rest.firstRange(of: "COMMAND ") {
                let call = rest[range.upperBound...].prefix { $0 != ")" }
                commands.append(String(call))
                rest = rest[range.upperBound...]
            }
        }
        for case .code(let code, _) in ShellOperands.embeddedCalls(in: text, origin: "manifest") { commands.append(code) }
        evaluator.evaluateEmbeddedCommands(commands, depth: depth)
    }

    // MARK: Kubeconfig

    /// `users[].user.exec`: its `command` and `args`, as a shell command line.
    static func kubeconfigCommands(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var commands: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            index += 1
            guard line.dropFirst(indent).hasPrefix("exec:") else { continue }
            var command: String?
            var arguments: [String] = []
            var inArgs = false
            while index < lines.count, lines[index].prefix(while: { $0 == " " }).count > indent {
                let item = lines[index].drop { $0 == " " }
                index += 1
                if item.hasPrefix("command:") {
                    command = unquoted(item.dropFirst(8))
                    inArgs = false
                } else if item.hasPrefix("args:") {
                    inArgs = true
                } else if inArgs, item.hasPrefix("- ") {
                    arguments.append(unquoted(item.dropFirst(2)))
                } else {
                    inArgs = false
                }
            }
            if let command {
                commands.append(([command] + arguments).map(EnvironmentRules.shellQuoted).joined(separator: " "))
            }
        }
        return commands
    }

    private static func unquoted(_ value: Substring) -> String {
        let trimmed = value.drop { $0 == " " }
        if let quote = trimmed.first, quote == "'" || quote == "\"", trimmed.count >= 2, trimmed.last == quote {
            return String(trimmed.dropFirst().dropLast())
        }
        return String(trimmed)
    }
}
