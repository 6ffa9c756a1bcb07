import AgentPolicy
import XCTest

/// git verbs that destroy work or publish it, and git options that run commands
/// (`Rules/GitRules.swift`, git in `Evaluation/Launchers.swift`). Guarded mode unless said
/// otherwise.
final class GitRulesTests: XCTestCase {
    func testDestructiveAndPublishingVerbs() {
        assertDecisions([
            ("git push", .needsConfirmation), ("git push --force origin main", .needsConfirmation),
            ("git push origin +main", .needsConfirmation),
            ("git push origin :feature", .needsConfirmation), ("git reset --hard", .needsConfirmation),
            ("git reset --soft HEAD~1", .allow),
            ("git clean -fdx", .needsConfirmation), ("git clean -n", .allow), ("git branch -D x", .needsConfirmation),
            ("git branch -d x", .allow),
            ("git checkout -- .", .needsConfirmation), ("git checkout -b x", .allow), ("git restore file", .needsConfirmation),
            ("git restore --staged file", .allow), ("git stash drop", .needsConfirmation), ("git stash", .allow),
            ("git -C repo push", .needsConfirmation), ("git commit -m 'rm -rf /'", .allow),
            ("git filter-branch --all", .needsConfirmation),
            ("git rm x", .needsConfirmation), ("git rm --cached x", .allow),
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
        assertDecisions([
            ("git clean -fdx -e -n", .needsConfirmation), ("git worktree remove --force ../wt", .needsConfirmation),
        ])
        assertDecisions([
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
        assertDecisions([
            ("git rebase --exec 'rm -rf /etc' HEAD~1", .block), ("git submodule foreach 'rm -rf /tmp/x'", .needsConfirmation),
            ("git bisect run rm -rf /etc", .block), ("git config alias.st '!rm -rf /tmp/x'", .needsConfirmation),
            ("git -C /repo -c core.editor='rm -rf /etc' commit", .block),
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    ///
    /// `git -p log` (a pager) is allowed in guarded; readonly refuses it (see
    /// ReadonlyAllowListTests).
    func testPagerOptionBeforeTheVerb() {
        assertDecisions([
            ("git -p log", .allow)
        ])
    }
}
