/// A shell or interpreter reading its code from standard input or a process substitution: the code
/// is checked when it is known, and judged by where it comes from otherwise.
enum ShellInputRules {
    static let decoders: NameSet = [
        "base64", "base32", "basenc", "xxd", "uudecode", "openssl", "gunzip", "zcat", "gzip", "bzip2", "bzcat", "xz", "xzcat",
        "unxz", "zstd", "unzstd", "rev", "tr", "perl", "python", "python3", "od", "printf",
    ]

    static func check(_ invocation: Invocation, origin: String, into evaluator: inout Evaluator, depth: Int, isShell: Bool = true)
    {
        if let substitution = invocation.operands.first(where: \.isProcessSubstitution) {
            let programs = substitution.substitutions.flatMap(programNames)
            judgeSource(programs: programs, origin: "\(origin) <(…)", into: &evaluator)
            return
        }
        if let text = invocation.inlineInput {
            if isShell {
                evaluator.evaluateCode(text, depth: depth, origin: "\(origin) (heredoc or here-string)")
            } else {
                evaluator.add(
                    .interpreterStdinCode, "\(origin) runs the code in its heredoc or here-string")
                InterpreterRules.judgeReadableCode(text, origin: "\(origin) code", into: &evaluator, depth: depth)
            }
            return
        }
        if !invocation.upstream.isEmpty {
            if isShell, invocation.upstream.count == 1, let feeder = invocation.upstream.first,
                feeder.program == "echo" || feeder.program == "printf", feeder.words.allSatisfy(\.isStatic)
            {
                let text =
                    feeder.program == "printf"
                    ? (feeder.operands.first?.text ?? "").replacingOccurrences(of: "\\n", with: "\n")
                    : feeder.operands.map(\.text).joined(separator: " ")
                evaluator.evaluateCode(text, depth: depth, origin: "\(origin) (from echo)")
                return
            }
            judgeSource(
                programs: invocation.upstream.map(\.program), feeders: invocation.upstream, origin: origin, into: &evaluator)
            return
        }
        evaluator.add(
            isShell ? .shellReadsChannel : .interpreterReadsChannel,
            "\(origin) with no script reads its commands from the SSH channel; the policy cannot see what it will run")
    }

    private static func judgeSource(
        programs: [String], feeders: [Invocation] = [], origin: String, into evaluator: inout Evaluator
    ) {
        if let listener = programs.first(where: NetworkRules.netcats.union(["socat", "telnet"]).contains) {
            evaluator.add(
                .networkReverseShell,
                "\(origin) runs commands arriving over the network from \(listener) (a reverse shell)")
        } else if let decoder = feeders.first(where: isDecoding) {
            evaluator.add(
                .shellDecodedCode, "\(origin) runs code decoded by \(decoder.program), hidden from the policy")
        } else if feeders.isEmpty, programs.contains(where: decoders.contains),
            programs.contains(where: { $0 == "base64" || $0 == "xxd" })
        {
            evaluator.add(.shellDecodedCode, "\(origin) runs decoded code, hidden from the policy")
        } else if let fetcher = programs.first(where: NetworkRules.fetchers.contains) {
            evaluator.add(.shellRemoteCode, "\(origin) runs code downloaded by \(fetcher)")
        } else {
            let source = programs.isEmpty ? "another command" : programs.joined(separator: " | ")
            evaluator.add(
                .shellGeneratedCode,
                "\(origin) runs code produced by \(source), which the policy cannot see")
        }
    }

    static func isDecoding(_ invocation: Invocation) -> Bool {
        switch invocation.program {
        case "base64", "base32", "basenc": return invocation.hasFlag("d", long: ["--decode"]) || invocation.hasFlag("D")
        case "xxd":
            return invocation.hasFlag("r", long: ["-revert"])
                || invocation.words.contains { $0.text == "-r" || $0.text == "-revert" }
        case "openssl": return invocation.words.contains { $0.text == "-d" || $0.text == "base64" || $0.text == "enc" }
        case "uudecode", "gunzip", "zcat", "bzcat", "xzcat", "unxz", "unzstd": return true
        case "gzip", "bzip2", "xz", "zstd": return invocation.hasFlag("d", long: ["--decompress"])
        case "rev": return true
        default: return false
        }
    }

    /// The simple commands a script runs at its top level, as invocations (no wrappers resolved).
    static func simpleInvocations(_ script: Script) -> [Invocation] {
        var result: [Invocation] = []
        for pipeline in script.pipelines {
            for command in pipeline.commands {
                if case .simple(let simple) = command, let invocation = Evaluator.invocation(from: simple, workingDirectory: nil)
                {
                    result.append(invocation)
                }
            }
        }
        return result
    }

    /// The program names a script runs at its top level (for judging process substitutions).
    static func programNames(_ script: Script) -> [String] {
        var names: [String] = []
        for pipeline in script.pipelines {
            for command in pipeline.commands {
                switch command {
                case .simple(let simple):
                    if let first = simple.words.first { names.append(ProgramName.normalise(first)) }
                case .compound(let scripts, _):
                    names += scripts.flatMap(programNames)
                case .functionDefinition:
                    continue
                }
            }
        }
        return names
    }
}
