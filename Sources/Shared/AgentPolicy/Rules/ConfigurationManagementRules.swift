/// Configuration-management runs that apply a manifest to this machine (`puppet apply`, `chef-solo`,
/// `salt-call state.apply`) change it the way `ansible-playbook` changes its hosts: any file,
/// package or service. A dry run (`--noop`, `test=True`, `--why-run`) changes nothing.
enum ConfigurationManagementRules {
    static let rules: [Rule] = [
        Rule(.infrastructureDestroy, programs: ["puppet", "chef-solo", "chef-client", "chef-apply", "salt-call", "cinc-client"]) {
            invocation in
            let words = invocation.words.map(\.text)
            if words.contains(where: { ["--noop", "--why-run", "-W", "test=True", "--help", "-h", "--version"].contains($0) }) {
                return nil
            }
            let operands = invocation.operands.map(\.text)
            switch invocation.program {
            case "puppet":
                guard operands.first == "apply" || operands.first == "agent" else { return nil }
                let inline = invocation.optionValues(short: ["-e"], long: ["--execute"]).first
                return inline == nil
                    ? "puppet \(operands[0]) applies a manifest to this machine"
                    : "puppet apply -e applies the inline manifest \(InterpreterRules.excerpt(inline!.text)) to this machine"
            case "salt-call":
                guard operands.contains(where: { $0.hasPrefix("state.") || $0.hasPrefix("cmd.") || $0 == "highstate" }) else {
                    return nil
                }
                return "salt-call \(operands.joined(separator: " ")) changes this machine"
            default:
                return "\(invocation.program) applies a configuration to this machine"
            }
        }
    ]
}
