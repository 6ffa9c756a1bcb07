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
        assertVerdicts([
            ("mysqladmin -f drop prod", .confirm(.servicesToolDestructive)),
            ("rclone purge remote:bucket", .confirm(.servicesToolDestructive)),
            ("rclone sync /empty remote:bucket", .confirm(.servicesToolDestructive)),
            ("s3cmd del --recursive s3://b", .confirm(.servicesToolDestructive)),
            ("virsh undefine --remove-all-storage web", .confirm(.servicesToolDestructive)),
            ("lxc delete -f web", .confirm(.servicesToolDestructive)),
            ("pm2 delete all", .confirm(.servicesToolDestructive)),
            ("supervisorctl stop all", .confirm(.servicesToolDestructive)),
            ("nginx -s stop", .confirm(.servicesServerStop)),
            ("pg_ctl stop -D /var/lib/pg", .confirm(.servicesToolDestructive)),
            ("sudo fuser -km /", .confirm(.processKillByFile)),
            ("sudo xfs_repair -L /dev/sda1", .confirm(.servicesToolChanges)),
            ("sudo e2fsck -y /dev/sda1", .confirm(.disksRepair)),
            ("sudo tune2fs -O ^has_journal /dev/sda1", .confirm(.servicesToolChanges)),
            ("emacs --batch --eval '(shell-command \"rm -rf /etc\")'", .confirm(.interpreterEditorEval)),
        ])
        assertVerdicts([
            ("pm2 list", .allow), ("nginx -t", .allow), ("nginx -s reload", .allow), ("rclone copy ./a remote:b", .allow),
            ("virsh list --all", .allow), ("supervisorctl status", .allow), ("tune2fs -l /dev/sda1", .allow),
            ("fsck -n /dev/sda1", .allow),
            ("mysqladmin status", .allow),
        ])
    }
}
