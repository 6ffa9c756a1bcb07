import AgentPolicy
import XCTest

/// Installing, upgrading and removing software (`Rules/PackageRules.swift`). Guarded mode unless
/// said otherwise.
final class PackageRulesTests: XCTestCase {
    func testInstallsAndRemovals() {
        assertVerdicts([
            ("apt-get install -y nginx", .confirm(.packagesChange)), ("apt install htop", .confirm(.packagesChange)),
            ("apt-get update", .allow),
            ("apt list --installed", .allow), ("pip install requests", .confirm(.packagesChange)), ("pip list", .allow),
            ("npm install", .confirm(.packagesChange)), ("npm test", .allow), ("yum remove x", .confirm(.packagesChange)),
            ("dpkg -i x.deb", .confirm(.packagesDpkg)),
            ("dpkg -l", .allow), ("python3 -m pip install x", .confirm(.packagesPythonModulePip)), ("cargo build", .allow),
            ("cargo install ripgrep", .confirm(.packagesChange)),
        ])
    }

    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    func testAuditFixChangesPackages() {
        assertVerdicts([
            ("npm audit fix --force", .confirm(.packagesAuditFix))
        ])
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// Harmless-making flags match only in full: `--d` is not `--dry-run`.
    func testAbbreviatedDryRunIsNotADryRun() {
        assertVerdicts([
            ("npm audit fix --d", .confirm(.packagesAuditFix))
        ])
    }

    /// From the red-team pass (session 2): what its fixes must leave alone.
    func testAuditStaysAllowed() {
        assertVerdicts([
            ("npm audit", .allow)
        ])
    }
}
