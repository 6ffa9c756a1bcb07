/// git verbs that destroy work or publish it.
enum GitRules {
    /// The git subcommand and its own arguments, found by git's entry in `ProgramTable`.
    static func subcommand(_ invocation: Invocation) -> (verb: String, arguments: [Word])? {
        ProgramTable.call(invocation).map { ($0.verb, $0.arguments) }
    }

    static func has(_ arguments: [Word], short: Character? = nil, long: [String] = []) -> Bool {
        var probe = Invocation(program: "git", programWord: Word(text: "git"), words: arguments, redirects: [], assignments: [])
        probe.workingDirectory = nil
        return probe.hasFlag(short, long: long)
    }

    /// `git clean -n`, but not `-e -n`, where `-n` is the pattern `-e` excludes.
    static func isDryRunClean(_ arguments: [Word]) -> Bool {
        let (_, options) = OptionScanner(arguments, valued: ["--exclude"], valuedShort: "e").scan(stopAtFirstOperand: false)
        return options.contains { $0.name == "-n" || Invocation.abbreviates($0.name, "--dry-run") }
    }

    static let rules: [Rule] = [
        Rule(.gitPushForce, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "push" else { return nil }
            let forced =
                has(arguments, short: "f", long: ["--force", "--force-with-lease", "--force-if-includes", "--mirror"])
                || arguments.contains { !$0.text.hasPrefix("-") && $0.text.hasPrefix("+") }
            return forced ? "\"git push --force\" rewrites remote history" : nil
        },
        Rule(.gitPushDelete, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "push" else { return nil }
            let deleting =
                has(arguments, short: "d", long: ["--delete", "--prune"])
                || arguments.contains { $0.text.hasPrefix(":") && $0.text.count > 1 }
            return deleting ? "\"git push --delete\" deletes remote branches or tags" : nil
        },
        Rule(.gitPush, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "push" else { return nil }
            if has(arguments, short: "n", long: ["--dry-run"]) { return nil }
            return "\"git push\" publishes commits to a remote"
        },
        Rule(.gitResetHard, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "reset" else { return nil }
            return has(arguments, long: ["--hard", "--merge", "--keep"])
                ? "\"git reset --hard\" discards uncommitted changes" : nil
        },
        Rule(.gitCleanForce, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "clean" else { return nil }
            if isDryRunClean(arguments) { return nil }
            return "\"git clean\" deletes untracked files"
        },
        Rule(.gitWorktreeRemove, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "worktree",
                let action = arguments.first?.text, ["remove", "prune"].contains(action)
            else { return nil }
            return "\"git worktree \(action)\" deletes a working tree and its uncommitted changes"
        },
        Rule(.gitBranchForceDelete, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "branch" else { return nil }
            let forced =
                has(arguments, short: "D")
                || (has(arguments, short: "d", long: ["--delete"]) && has(arguments, short: "f", long: ["--force"]))
            return forced ? "\"git branch -D\" deletes a branch even if it is not merged" : nil
        },
        Rule(.gitCheckoutDiscard, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "checkout" || verb == "switch" else { return nil }
            if has(arguments, short: "f", long: ["--force", "--discard-changes"]) {
                return "\"git \(verb) --force\" discards local changes"
            }
            if verb == "checkout", let dashes = arguments.firstIndex(where: { $0.text == "--" }), dashes + 1 < arguments.count {
                return "\"git checkout -- <paths>\" overwrites local changes to those paths"
            }
            if verb == "checkout", arguments.contains(where: { $0.text == "." }) {
                return "\"git checkout .\" discards local changes"
            }
            return nil
        },
        Rule(.gitRestoreWorktree, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "restore" else { return nil }
            let staged = has(arguments, short: "S", long: ["--staged"])
            let worktree = has(arguments, short: "W", long: ["--worktree"])
            return !staged || worktree ? "\"git restore\" overwrites changes in the working tree" : nil
        },
        Rule(.gitStashDrop, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation), verb == "stash", let action = arguments.first?.text else {
                return nil
            }
            return action == "drop" || action == "clear" ? "\"git stash \(action)\" deletes stashed work" : nil
        },
        Rule(.gitHistoryRewrite, programs: ["git"]) { invocation in
            guard let (verb, arguments) = subcommand(invocation) else { return nil }
            switch verb {
            case "filter-branch", "filter-repo", "replace":
                return "\"git \(verb)\" rewrites history"
            case "reflog" where ["expire", "delete"].contains(arguments.first?.text ?? ""):
                return "\"git reflog \(arguments[0].text)\" deletes recovery points"
            case "gc" where arguments.contains(where: { $0.text.hasPrefix("--prune") }):
                return "\"git gc --prune\" deletes unreachable objects"
            case "update-ref" where has(arguments, short: "d"):
                return "\"git update-ref -d\" deletes a ref"
            case "rm" where !has(arguments, long: ["--cached"]) && !has(arguments, short: "n", long: ["--dry-run"]):
                return "\"git rm\" deletes files from the working tree"
            default:
                return nil
            }
        },
    ]
}
