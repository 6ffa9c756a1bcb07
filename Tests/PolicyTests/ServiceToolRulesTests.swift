import AgentPolicy
import XCTest

/// Destructive verbs of more operations tools: database admins, object-store syncers, hypervisors,
/// process managers, servers' control programs, filesystem repair (`Rules/ServiceToolRules.swift`).
/// Guarded mode unless said otherwise.
final class ServiceToolRulesTests: XCTestCase {
    /// Found by a red-team pass (session 2) and fixed; every row got `allow` before the fix.
    ///
    /// The second round: more ops tools; their read-only and reload verbs stay allowed.
    func testMoreOpsToolsAndTheirHarmlessVerbs() {
        assertDecisions([
            ("mysqladmin -f drop prod", .needsConfirmation), ("rclone purge remote:bucket", .needsConfirmation),
            ("rclone sync /empty remote:bucket", .needsConfirmation), ("s3cmd del --recursive s3://b", .needsConfirmation),
            ("virsh undefine --remove-all-storage web", .needsConfirmation), ("lxc delete -f web", .needsConfirmation),
            ("pm2 delete all", .needsConfirmation), ("supervisorctl stop all", .needsConfirmation),
            ("nginx -s stop", .needsConfirmation),
            ("pg_ctl stop -D /var/lib/pg", .needsConfirmation), ("sudo fuser -km /", .needsConfirmation),
            ("sudo xfs_repair -L /dev/sda1", .needsConfirmation), ("sudo e2fsck -y /dev/sda1", .needsConfirmation),
            ("sudo tune2fs -O ^has_journal /dev/sda1", .needsConfirmation),
            ("emacs --batch --eval '(shell-command \"rm -rf /etc\")'", .needsConfirmation),
        ])
        assertDecisions([
            ("pm2 list", .allow), ("nginx -t", .allow), ("nginx -s reload", .allow), ("rclone copy ./a remote:b", .allow),
            ("virsh list --all", .allow), ("supervisorctl status", .allow), ("tune2fs -l /dev/sda1", .allow),
            ("fsck -n /dev/sda1", .allow),
            ("mysqladmin status", .allow),
        ])
    }
}
