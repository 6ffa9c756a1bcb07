/// Compilers and language drivers that build a source file and run the result at once: the
/// source is code, like an interpreter's script (`go run t.go`, `cobc -x -j t.cob`, `java
/// T.java`, `tcc -run t.c`, `zig run t.zig`). When this command line wrote that source, the
/// policy can read it (`WrittenFileCode`).
enum CompileAndRun {
    /// Drivers whose `run` verb compiles and runs the files after it.
    static let runVerbs: NameTable<NameSet> = [
        "go": ["run"], "zig": ["run"], "crystal": ["run", "eval"], "deno": ["run"], "nim": ["r", "run"], "v": ["run"],
        "cargo-script": ["run"],
    ]
    /// Drivers with a flag that runs what they compiled.
    static let runFlags: NameTable<NameSet> = [
        "cobc": ["-j", "--job"], "tcc": ["-run"], "dmd": ["-run"], "ldc2": ["-run"], "nim": ["-r", "--run"],
        "kotlinc": ["-script"],
    ]
    /// Drivers that run a source file given as their first operand.
    static let sourceRunners: NameTable<String> = [
        "java": ".java", "swift": ".swift", "kotlin": ".kts", "scala": ".scala", "rdmd": "", "runghc": "",
        "runhaskell": "", "ts-node": "", "tsx": "", "dotnet-script": "",
    ]

    static let programs: NameSet = runVerbs.keys.union(runFlags.keys).union(sourceRunners.keys)

    /// The source files this invocation compiles and runs, nil when it does not run any.
    static func sources(of invocation: Invocation) -> [Word]? {
        let program = invocation.program
        guard programs.contains(program) else { return nil }
        let operands = invocation.operands
        if let verbs = runVerbs[program], let verb = operands.first, verbs.contains(verb.text) {
            return Array(operands.dropFirst())
        }
        if let flags = runFlags[program] {
            // `cobc -xFj`: bundled single-letter flags count too.
            let letters = flags.filter { $0.count == 2 }.compactMap(\.last)
            let runs = invocation.words.contains { word in
                flags.contains(word.text)
                    || (!word.text.hasPrefix("--") && word.text.hasPrefix("-") && word.text.dropFirst().allSatisfy(\.isLetter)
                        && letters.contains { word.text.dropFirst().contains($0) })
            }
            if runs { return operands }
        }
        if let suffix = sourceRunners[program], let first = operands.first, suffix.isEmpty || first.text.hasSuffix(suffix) {
            return [first]
        }
        return nil
    }
}
