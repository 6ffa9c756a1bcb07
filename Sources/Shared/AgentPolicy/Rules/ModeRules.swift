/// What readonly and cautious add on top of the rules: an allow-list of read-only programs.
enum ModeRules {
    static func apply(to invocation: Invocation, in evaluator: inout Evaluator) {
        let mode = evaluator.config.mode
        guard mode == .readonly || mode == .cautious else { return }
        // An allowed reader with an option that writes a file (`info -o FILE`) is not read-only.
        let writes = FilesystemRules.writtenPaths(of: invocation).first { $0.absolutePath != "/dev/null" }
        let problem =
            ReadonlyAllowList.problem(with: invocation, extraAllowed: evaluator.config.extraReadonlyAllow)
            ?? writes.map { "\(invocation.program) writes \($0.original)" }
        guard let problem else { return }
        if mode == .readonly {
            evaluator.add(.readonlyNotAllowed, problem)
        } else {
            evaluator.add(.cautiousNotReadOnly, problem)
        }
    }
}
