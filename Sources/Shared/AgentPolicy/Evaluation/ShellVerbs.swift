/// Tools whose verb opens a shell in an environment they prepare (a test container, a project
/// environment, a machine or container on this host): `ansible-test shell`, `hatch shell`,
/// `machinectl shell`, `lxc shell web`, `guix shell`. With no command that shell reads the SSH
/// channel; with one (`guix shell -- CMD`, `machinectl shell HOST CMD`) the command is judged.
enum ShellVerbs {
    /// Program → the verbs that open a shell, and how many operands (a machine or container
    /// name) may follow before a command would start.
    static let verbs: NameTable<(verbs: NameSet, names: Int)> = [
        "ansible-test": (["shell"], 0), "hatch": (["shell"], 0), "pixi": (["shell"], 0), "devbox": (["shell"], 0),
        "guix": (["shell"], -1), "machinectl": (["shell"], 1), "lxc": (["shell"], 1), "incus": (["shell"], 1),
        "multipass": (["shell", "sh", "connect"], 1), "toolbox": (["enter"], 0),
    ]

    static func unwrap(_ invocation: Invocation) -> Launch? {
        guard let entry = verbs[invocation.program] else { return nil }
        let words = invocation.words
        guard let verbIndex = words.firstIndex(where: { !$0.text.hasPrefix("-") }), entry.verbs.contains(words[verbIndex].text)
        else { return nil }
        let verb = words[verbIndex].text
        let rest = Array(words[(verbIndex + 1)...])
        if rest.contains(where: { $0.text == "--help" || $0.text == "-h" }) { return nil }
        if let dashes = rest.firstIndex(where: { $0.text == "--" }), dashes + 1 < rest.count {
            return .command(Array(rest[(dashes + 1)...]), [])
        }
        // `guix shell PACKAGES…` lists packages, never a command without `--`.
        let operands = rest.filter { !$0.text.hasPrefix("-") }
        if entry.names >= 0, operands.count > entry.names, let first = operands.dropFirst(entry.names).first,
            let start = rest.firstIndex(where: { $0.text == first.text })
        {
            return .command(Array(rest[start...]), [])
        }
        return .finding(
            .shellInteractive,
            message: "\(invocation.program) \(verb) starts a shell that reads its commands from the SSH channel")
    }
}
