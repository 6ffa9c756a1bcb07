/// Registering a directory as a toolchain (`rustup toolchain link NAME DIR`) makes later
/// commands (`rustup run NAME rustc`, `cargo +NAME build`) run whatever programs DIR holds,
/// unseen, like putting DIR first on PATH.
enum ToolchainRules {
    static let rules: [Rule] = [
        Rule(.toolchainCustomLink, programs: ["rustup"]) { invocation in
            let operands = invocation.operands.map(\.text)
            guard operands.count >= 4, operands[0] == "toolchain", operands[1] == "link" else { return nil }
            return
                "rustup toolchain link makes the programs in \(operands[3]) the \(operands[2]) toolchain that later commands run"
        }
    ]
}
