import AgentPolicy
import XCTest

/// Reading credentials: password hashes, private keys, `.env` files, the environment
/// (`Rules/SecretRules.swift`). Guarded mode unless said otherwise.
final class SecretRulesTests: XCTestCase {
    func testReadingCredentials() {
        assertVerdicts([
            ("cat /etc/shadow", .confirm(.secretsRead)), ("cat ~/.ssh/id_ed25519", .confirm(.secretsRead)),
            ("cat .env", .confirm(.secretsRead)),
            ("cat .env.example", .allow), ("cat /etc/passwd", .allow), ("ls -la ~/.ssh", .allow),
        ])
    }

    /// Issue 19, item 7: commands start in the account's home, so a relative path that climbs
    /// out of it (`../../etc/shadow`) reaches the system's files; these were allowed before.
    func testRelativePathsClimbingOutOfTheHome() {
        assertVerdicts([
            ("cat ../../etc/shadow", .confirm(.secretsRead)), ("cat ../../../../../../etc/shadow", .confirm(.secretsRead)),
            ("head -c 100 ../../etc/gshadow", .confirm(.secretsRead)),
            ("cat a/../../../etc/ssh/ssh_host_ed25519_key", .confirm(.secretsRead)),
            ("rm -rf ../..", .block(.rmRoot)), ("cp ../../etc/shadow /tmp/x", .confirm(.secretsRead)),
            // Relative paths that stay inside the starting directory are judged as before.
            ("cat notes/../README.md", .allow), ("cat ./logs/app.log", .allow),
        ])
        assertVerdicts([("cat ../../etc/shadow", .block(.secretsRead))], mode: .readonly)
    }

    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// Creating `.env` from a template, and a new self-signed key.
    func testEnvFilesFromTemplatesAndNewKeys() {
        assertVerdicts([
            ("cp .env.example .env", .allow), ("cp config/.env.example config/.env.local", .allow),
            ("openssl req -x509 -newkey rsa:2048 -nodes -keyout /tmp/key.pem -out /tmp/cert.pem -subj /CN=x", .allow),
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    func testRealEnvFiles() {
        assertVerdicts([
            ("cp .env /tmp/leak", .confirm(.secretsRead)), ("cat .env", .confirm(.secretsRead)),
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// In-place editors read what they write.
    func testInPlaceEditorsReadWhatTheyWrite() {
        assertVerdicts([
            ("sed -i 'w /dev/stdout' ~/.ssh/id_ed25519", .confirm(.secretsRead)),
            ("sed -i 's/^/&/w /tmp/copy' ~/.ssh/id_rsa", .confirm(.secretsRead)),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testKeysByGlobDirectoryOrProc() {
        assertVerdicts([
            ("cat ~/.ssh/*", .confirm(.secretsRead)), ("grep -r PRIVATE ~/.ssh", .confirm(.secretsRead)),
            ("cat /proc/self/environ", .confirm(.secretsRead)),
            ("cd ~/.ssh && ls", .allow),
        ])
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testSSHConfigAndPublicKeysStayAllowed() {
        assertVerdicts([
            ("cat ~/.ssh/config", .allow), ("ls /etc/ssh/*.pub", .allow),
        ])
    }
}
