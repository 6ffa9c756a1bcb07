import AgentPolicy
import XCTest

/// Reading credentials: password hashes, private keys, `.env` files, the environment
/// (`Rules/SecretRules.swift`). Guarded mode unless said otherwise.
final class SecretRulesTests: XCTestCase {
    func testReadingCredentials() {
        assertDecisions([
            ("cat /etc/shadow", .needsConfirmation), ("cat ~/.ssh/id_ed25519", .needsConfirmation),
            ("cat .env", .needsConfirmation),
            ("cat .env.example", .allow), ("cat /etc/passwd", .allow), ("ls -la ~/.ssh", .allow),
        ])
    }

    /// Issue 19, item 7: commands start in the account's home, so a relative path that climbs
    /// out of it (`../../etc/shadow`) reaches the system's files; these were allowed before.
    func testRelativePathsClimbingOutOfTheHome() {
        assertDecisions([
            ("cat ../../etc/shadow", .needsConfirmation), ("cat ../../../../../../etc/shadow", .needsConfirmation),
            ("head -c 100 ../../etc/gshadow", .needsConfirmation),
            ("cat a/../../../etc/ssh/ssh_host_ed25519_key", .needsConfirmation),
            ("rm -rf ../..", .block), ("cp ../../etc/shadow /tmp/x", .needsConfirmation),
            // Relative paths that stay inside the starting directory are judged as before.
            ("cat notes/../README.md", .allow), ("cat ./logs/app.log", .allow),
        ])
        assertDecisions([("cat ../../etc/shadow", .block)], mode: .readonly)
    }

    /// Found by a false-alarm hunt (session 2): everyday commands the policy flagged. Each fix
    /// keeps the dangerous neighbours flagged; both sides are pinned.
    ///
    /// Creating `.env` from a template, and a new self-signed key.
    func testEnvFilesFromTemplatesAndNewKeys() {
        assertDecisions([
            ("cp .env.example .env", .allow), ("cp config/.env.example config/.env.local", .allow),
            ("openssl req -x509 -newkey rsa:2048 -nodes -keyout /tmp/key.pem -out /tmp/cert.pem -subj /CN=x", .allow),
        ])
    }

    /// From the false-alarm hunt (session 2): what must stay flagged next to the everyday commands
    /// it allowed.
    func testRealEnvFiles() {
        assertDecisions([
            ("cp .env /tmp/leak", .needsConfirmation), ("cat .env", .needsConfirmation),
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// In-place editors read what they write.
    func testInPlaceEditorsReadWhatTheyWrite() {
        assertDecisions([
            ("sed -i 'w /dev/stdout' ~/.ssh/id_ed25519", .needsConfirmation),
            ("sed -i 's/^/&/w /tmp/copy' ~/.ssh/id_rsa", .needsConfirmation),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testKeysByGlobDirectoryOrProc() {
        assertDecisions([
            ("cat ~/.ssh/*", .needsConfirmation), ("grep -r PRIVATE ~/.ssh", .needsConfirmation),
            ("cat /proc/self/environ", .needsConfirmation),
            ("cd ~/.ssh && ls", .allow),
        ])
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testSSHConfigAndPublicKeysStayAllowed() {
        assertDecisions([
            ("cat ~/.ssh/config", .allow), ("ls /etc/ssh/*.pub", .allow),
        ])
    }
}
