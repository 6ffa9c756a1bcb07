import AgentPolicy
import XCTest

/// Installing, upgrading and removing software (`Rules/PackageRules.swift`). Guarded mode unless
/// said otherwise.
final class PackageRulesTests: XCTestCase {
    func testInstallsAndRemovals() {
        assertDecisions([
            ("apt-get install -y nginx", .needsConfirmation), ("apt install htop", .needsConfirmation),
            ("apt-get update", .allow),
            ("apt list --installed", .allow), ("pip install requests", .needsConfirmation), ("pip list", .allow),
            ("npm install", .needsConfirmation), ("npm test", .allow), ("yum remove x", .needsConfirmation),
            ("dpkg -i x.deb", .needsConfirmation),
            ("dpkg -l", .allow), ("python3 -m pip install x", .needsConfirmation), ("cargo build", .allow),
            ("cargo install ripgrep", .needsConfirmation),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    func testAuditFixChangesPackages() {
        assertDecisions([
            ("npm audit fix --force", .needsConfirmation)
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// Harmless-making flags match only in full: `--d` is not `--dry-run`.
    func testAbbreviatedDryRunIsNotADryRun() {
        assertDecisions([
            ("npm audit fix --d", .needsConfirmation)
        ])
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testAuditStaysAllowed() {
        assertDecisions([
            ("npm audit", .allow)
        ])
    }
}
