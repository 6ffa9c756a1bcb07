import AgentPolicy
import XCTest

/// Services, power, firewalls, scheduled jobs, kernel modules and parameters, network and system
/// settings (`Rules/ServiceRules.swift`). Guarded mode unless said otherwise.
final class ServiceRulesTests: XCTestCase {
    func testServicesPowerFirewallsSchedulingKernel() {
        assertDecisions([
            ("systemctl restart nginx", .needsConfirmation), ("systemctl status nginx", .allow),
            ("systemctl isolate rescue.target", .block),
            ("service nginx reload", .needsConfirmation), ("/etc/init.d/nginx restart", .needsConfirmation),
            ("shutdown -h now", .needsConfirmation),
            ("reboot", .needsConfirmation), ("init 0", .needsConfirmation), ("iptables -F", .needsConfirmation),
            ("iptables -L -n", .allow),
            ("ufw allow 22", .needsConfirmation), ("ufw status", .allow), ("nft flush ruleset", .needsConfirmation),
            ("nft list ruleset", .allow),
            ("crontab -r", .needsConfirmation), ("crontab -l", .allow), ("echo x | at now", .needsConfirmation),
            ("insmod x.ko", .needsConfirmation),
            ("modprobe br_netfilter", .needsConfirmation), ("sysctl -w net.ipv4.ip_forward=1", .needsConfirmation),
            ("sysctl -a", .allow),
        ])
    }

    /// insmod names the module file on the command line, like modprobe names a module.
    func testKernelModules() {
        assertDecisions([
            ("insmod /tmp/rootkit.ko", .needsConfirmation), ("sudo insmod x.ko", .needsConfirmation),
            ("modprobe -r x", .needsConfirmation),
            ("modprobe -n x", .allow),
        ])
        assertDecisions(
            [
                ("insmod x.ko", .block)
            ], mode: .readonly)
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// `sysctl -f FILE`/`-pFILE` load settings.
    func testSysctlFromAFile() {
        assertDecisions([
            ("sysctl -f /tmp/evil.conf", .needsConfirmation), ("sysctl -p/tmp/evil.conf", .needsConfirmation),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testNetworkAndSystemSettings() {
        assertDecisions([
            ("ip link set eth0 down", .needsConfirmation), ("ip addr show", .allow),
            ("hostnamectl set-hostname x", .needsConfirmation),
            ("date -s '2020-01-01'", .needsConfirmation),
        ])
    }
}
