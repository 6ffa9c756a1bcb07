import AgentPolicy
import XCTest

/// The guardrail itself: sshd, the account's keys and start-up files, the enforcer, the history
/// (`Rules/GuardrailRules.swift`). Guarded mode unless said otherwise.
final class GuardrailRulesTests: XCTestCase {
    func testTamperingIsBlocked() {
        assertDecisions([
            ("echo k >> ~/.ssh/authorized_keys", .block), ("rm ~/.ssh/authorized_keys", .block), ("echo x > ~/.bashrc", .block),
            ("echo 'exec sh' >> /home/agent/.profile", .block), ("sed -i 's/x/y/' /etc/ssh/sshd_config", .block),
            ("cp x /etc/sudoers.d/agent", .block), ("tee -a /etc/ssh/sshd_config.d/x.conf", .block), ("history -c", .block),
            ("rm ~/.bash_history", .block), ("echo x > ~/.ssh/environment", .block), ("chmod 777 ~/.ssh/rc", .block),
            ("cat ~/.bashrc", .allow),
            ("echo PATH=x > /etc/environment", .block), ("rm /usr/local/bin/ssh-for-agents-enforcer", .block),
            ("truncate -s0 /var/log/ssh-for-agents/audit.jsonl", .block),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    func testAliasFileIsAStartUpFile() {
        assertDecisions([
            ("echo 'alias ls=rm' >> ~/.bash_aliases", .block)
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testHomeAndKeysCannotBeTakenAway() {
        assertDecisions([
            ("mv ~ /tmp/x", .block), ("rm -rf ~/.ssh", .block),
        ])
    }

    /// Found by comparing with a second, independently written engine.
    ///
    /// History switched off, and sshd stopped (other services only need confirmation).
    func testHistoryAndSSHDaemon() {
        assertDecisions([
            ("export HISTFILE=/dev/null", .block), ("unset HISTFILE", .block), ("systemctl stop sshd", .block),
            ("systemctl stop nginx", .needsConfirmation),
        ])
    }
}
