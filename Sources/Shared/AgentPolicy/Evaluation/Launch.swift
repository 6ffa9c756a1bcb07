/// What a wrapper or launcher makes run.
enum Launch {
    /// Another command, given as words (`sudo rm x` → `rm x`), with assignments the wrapper adds.
    case command([Word], [(name: String, value: Word)])
    /// Shell code in a string (`sh -c '…'`, `watch '…'`, `ssh -o ProxyCommand=…`).
    case code(String, origin: String)
    /// A shell that reads its code from standard input or a process substitution.
    case stdin(origin: String)
    /// A finding of its own (an interactive shell on the SSH channel, editor code that calls
    /// system(), …): the rule's catalogue entry says whether it blocks or asks a human.
    case finding(RuleID, message: String)
}
