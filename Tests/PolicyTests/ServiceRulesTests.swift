import AgentPolicy
import XCTest

/// Services, power, firewalls, scheduled jobs, kernel modules and parameters, network and system
/// settings (`Rules/ServiceRules.swift`). Guarded mode unless said otherwise.
final class ServiceRulesTests: XCTestCase {
    func testServicesPowerFirewallsSchedulingKernel() {
        assertVerdicts([
            ("systemctl restart nginx", .confirm(.servicesSystemctlChange)), ("systemctl status nginx", .allow),
            ("systemctl isolate rescue.target", .block(.servicesIsolateRescue)),
            ("service nginx reload", .confirm(.servicesServiceChange)),
            ("/etc/init.d/nginx restart", .confirm(.servicesInitScript)),
            ("shutdown -h now", .confirm(.servicesPower)),
            ("reboot", .confirm(.servicesPower)), ("init 0", .confirm(.servicesRunlevel)),
            ("iptables -F", .confirm(.firewallChange)),
            ("iptables -L -n", .allow),
            ("ufw allow 22", .confirm(.firewallFrontend)), ("ufw status", .allow), ("nft flush ruleset", .confirm(.firewallNft)),
            ("nft list ruleset", .allow),
            ("crontab -r", .confirm(.scheduleChange)), ("crontab -l", .allow), ("echo x | at now", .confirm(.scheduleChange)),
            ("insmod x.ko", .confirm(.kernelModuleLoad)),
            ("modprobe br_netfilter", .confirm(.kernelModuleChange)),
            ("sysctl -w net.ipv4.ip_forward=1", .confirm(.kernelSysctlWrite)),
            ("sysctl -a", .allow),
        ])
    }

    /// insmod names the module file on the command line, like modprobe names a module.
    func testKernelModules() {
        assertVerdicts([
            ("insmod /tmp/rootkit.ko", .confirm(.kernelModuleLoad)), ("sudo insmod x.ko", .confirm(.kernelModuleLoad)),
            ("modprobe -r x", .confirm(.kernelModuleChange)),
            ("modprobe -n x", .allow),
        ])
        assertVerdicts(
            [
                ("insmod x.ko", .block(.kernelModuleLoad))
            ], mode: .readonly)
    }

    /// Found by a red-team pass aimed at the policy's relaxations and fixed; every row got `allow`
    /// before (several were older: `system (…)` with a blank, `~root/..` paths).
    ///
    /// `sysctl -f FILE`/`-pFILE` load settings.
    func testSysctlFromAFile() {
        assertVerdicts([
            ("sysctl -f /tmp/evil.conf", .confirm(.kernelSysctlWrite)), ("sysctl -p/tmp/evil.conf", .confirm(.kernelSysctlWrite)),
        ])
    }

    /// Commands a security review found slipping through; each row now holds.
    func testNetworkAndSystemSettings() {
        assertVerdicts([
            ("ip link set eth0 down", .confirm(.networkConfigChange)), ("ip addr show", .allow),
            ("hostnamectl set-hostname x", .confirm(.systemSettingsChange)),
            ("date -s '2020-01-01'", .confirm(.systemSettingsChange)),
        ])
    }

    /// systemd's network tools change links and DNS (found by red-teaming: allowed as unknown).
    func testSystemdNetworkToolsChangingTheNetwork() {
        assertVerdicts([
            ("networkctl down eth0", .confirm(.networkConfigChange)), ("networkctl reload", .confirm(.networkConfigChange)),
            ("resolvectl dns eth0 1.1.1.1", .confirm(.networkConfigChange)),
            ("resolvectl flush-caches", .confirm(.networkConfigChange)), ("networkctl", .allow),
            ("resolvectl query example.com", .allow), ("resolvectl dns eth0", .allow),
        ])
    }
}
