import AgentPolicy
import XCTest

/// git verbs that destroy work or publish it, and git options that run commands
/// (`Rules/GitRules.swift`, git in `Evaluation/Launchers.swift`). Guarded mode unless said
/// otherwise.
final class GitRulesTests: XCTestCase {
    func testDestructiveAndPublishingVerbs() {
        assertVerdicts([
            ("git push", .confirm(.gitPush)), ("git push --force origin main", .confirm(.gitPushForce)),
            ("git push origin +main", .confirm(.gitPushForce)),
            ("git push origin :feature", .confirm(.gitPushDelete)), ("git reset --hard", .confirm(.gitResetHard)),
            ("git reset --soft HEAD~1", .allow),
            ("git clean -fdx", .confirm(.gitCleanForce)), ("git clean -n", .allow),
            ("git branch -D x", .confirm(.gitBranchForceDelete)),
            ("git branch -d x", .allow),
            ("git checkout -- .", .confirm(.gitCheckoutDiscard)), ("git checkout -b x", .allow),
            ("git restore file", .confirm(.gitRestoreWorktree)),
            ("git restore --staged file", .allow), ("git stash drop", .confirm(.gitStashDrop)), ("git stash", .allow),
            ("git -C repo push", .confirm(.gitPush)), ("git commit -m 'rm -rf /'", .allow),
            ("git filter-branch --all", .confirm(.gitHistoryRewrite)),
            ("git rm x", .confirm(.gitHistoryRewrite)), ("git rm --cached x", .allow),
        ])
        XCTAssertTrue(rules("git push --force").contains("git.push-force"))
        let message = PolicyEngine().evaluate("git push --force").reasons.first { $0.rule == "git.push-force" }?.message
        XCTAssertEqual(message, "\"git push --force\" rewrites remote history")
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The second round: `git clean -e -n` (the `-n` is the pattern `-e` takes, not a dry run) and
    /// `git worktree remove --force`; the dry runs and the harmless worktree verbs stay allowed.
    func testCleanAndWorktreeOptions() {
        assertVerdicts([
            ("git clean -fdx -e -n", .confirm(.gitCleanForce)),
            ("git worktree remove --force ../wt", .confirm(.gitWorktreeRemove)),
        ])
        assertVerdicts([
            ("git clean -n", .allow), ("git clean -nd", .allow), ("git clean --dry-run -x", .allow),
            ("git worktree list", .allow),
            ("git worktree add ../wt", .allow),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    ///
    /// git's own ways to run a command: `rebase --exec`, `submodule foreach`, `bisect run`,
    /// aliases, `-c core.editor`.
    func testOptionsAndVerbsThatRunCommands() {
        assertVerdicts([
            ("git rebase --exec 'rm -rf /etc' HEAD~1", .block(.rmRecursiveSystemPath)),
            ("git submodule foreach 'rm -rf /tmp/x'", .confirm(.rmAny)),
            ("git bisect run rm -rf /etc", .block(.rmRecursiveSystemPath)),
            ("git config alias.st '!rm -rf /tmp/x'", .confirm(.gitConfigCommand)),
            ("git -C /repo -c core.editor='rm -rf /etc' commit", .block(.rmRecursiveSystemPath)),
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    ///
    /// `git -p log` (a pager) is allowed in guarded; readonly refuses it (see
    /// ReadonlyAllowListTests).
    func testPagerOptionBeforeTheVerb() {
        assertVerdicts([
            ("git -p log", .allow)
        ])
    }

    /// `--config-env` takes a command-running key's value from the environment, unseen (found by
    /// red-teaming: allowed); a key that runs nothing stays allowed.
    func testConfigFromTheEnvironment() {
        assertVerdicts([
            ("X='rm -rf /' git --config-env=core.pager=X log", .confirm(.gitConfigCommand)),
            ("git --config-env core.sshCommand=CMD fetch", .confirm(.gitConfigCommand)),
            ("git --config-env=alias.x=A x", .confirm(.gitConfigCommand)),
            ("git --config-env=user.name=NAME commit -m x", .allow),
        ])
    }
}
