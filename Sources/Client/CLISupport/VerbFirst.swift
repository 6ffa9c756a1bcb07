/// Lets options come before the verb, as git, kubectl and ssh users expect:
/// `ssh-for-agents-run --config hosts.json run web "uptime"` is read as
/// `ssh-for-agents-run run --config hosts.json web "uptime"`. argument-parser reads a root's
/// options only before the verb and a verb's only after it; every option here belongs to the
/// verbs, so the verb is moved to the front and argument-parser checks the rest as usual.
public enum VerbFirst {
    /// `verbs`: the subcommand names; `optionsTakingValues`: options whose value is the next word
    /// (`--config PATH`), so that value is not mistaken for the verb. Only a leading run of options
    /// is looked through: the first other word is the verb or an operand, and after `--` nothing
    /// is an option.
    public static func reorder(_ arguments: [String], verbs: Set<String>, optionsTakingValues: Set<String>) -> [String] {
        // argument-parser's own hidden request from a completion script (`---completion VERB -- …`).
        if arguments.first?.hasPrefix("---") == true { return arguments }
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" || !word.hasPrefix("-") || word == "-" { break }
            index += optionsTakingValues.contains(word) ? 2 : 1
        }
        guard index > 0, index < arguments.count, verbs.contains(arguments[index]) else { return arguments }
        var reordered = arguments
        let verb = reordered.remove(at: index)
        reordered.insert(verb, at: 0)
        return reordered
    }
}
