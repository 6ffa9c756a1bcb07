import AgentPolicy
import XCTest

/// The guardrail itself: sshd, the account's keys and start-up files, the enforcer, the history
/// (`Rules/GuardrailRules.swift`). Guarded mode unless said otherwise.
final class GuardrailRulesTests: XCTestCase {
    func testTamperingIsBlocked() {
        assertVerdicts([
            ("echo k >> ~/.ssh/authorized_keys", .block(.guardrailTamper)),
            ("rm ~/.ssh/authorized_keys", .block(.guardrailTamper)), ("echo x > ~/.bashrc", .block(.guardrailTamper)),
            ("echo 'exec sh' >> /home/agent/.profile", .block(.guardrailTamper)),
            ("sed -i 's/x/y/' /etc/ssh/sshd_config", .block(.guardrailTamper)),
            ("cp x /etc/sudoers.d/agent", .block(.guardrailTamper)),
            ("tee -a /etc/ssh/sshd_config.d/x.conf", .block(.guardrailTamper)), ("history -c", .block(.guardrailHistory)),
            ("rm ~/.bash_history", .block(.guardrailTamper)), ("echo x > ~/.ssh/environment", .block(.guardrailTamper)),
            ("chmod 777 ~/.ssh/rc", .block(.guardrailTamper)),
            ("cat ~/.bashrc", .allow),
            ("echo PATH=x > /etc/environment", .block(.guardrailTamper)),
            ("rm /usr/local/bin/ssh-for-agents-enforcer", .block(.guardrailTamper)),
            ("truncate -s0 /var/log/ssh-for-agents/audit.jsonl", .block(.guardrailTamper)),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    func testAliasFileIsAStartUpFile() {
        assertVerdicts([
            ("echo 'alias ls=rm' >> ~/.bash_aliases", .block(.guardrailTamper))
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testHomeAndKeysCannotBeTakenAway() {
        assertVerdicts([
            ("mv ~ /tmp/x", .block(.guardrailHomeMove)), ("rm -rf ~/.ssh", .block(.guardrailHomeMove)),
        ])
    }

    /// Found by comparing with a second, independently written engine.
    ///
    /// History switched off, and sshd stopped (other services only need confirmation).
    func testHistoryAndSSHDaemon() {
        assertVerdicts([
            ("export HISTFILE=/dev/null", .block(.guardrailHistory)), ("unset HISTFILE", .block(.guardrailHistoryUnset)),
            ("systemctl stop sshd", .block(.guardrailSshdStop)),
            ("systemctl stop nginx", .confirm(.servicesSystemctlChange)),
        ])
    }

    /// visudo writes the sudoers file, a guardrail, whatever $EDITOR is (found by red-teaming:
    /// `… | sudo EDITOR='tee -a' visudo` was a confirmation); `visudo -c` only checks.
    func testVisudoEditsSudoers() {
        assertVerdicts([
            ("echo 'ALL ALL=(ALL) NOPASSWD: ALL' | sudo EDITOR='tee -a' visudo", .block(.guardrailTamper)),
            ("visudo -f /etc/sudoers.d/extra", .block(.guardrailTamper)), ("sudo visudo", .block(.guardrailTamper)),
            ("visudo -c", .allow), ("sudo visudo -cf /etc/sudoers.d/x", .allow),
        ])
    }
}
