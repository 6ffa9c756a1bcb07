/// Services, power state, firewalls, scheduled jobs and kernel modules.
enum ServiceRules {
    static let systemctlChanging: NameSet = [
        "start", "stop", "restart", "reload", "try-restart", "reload-or-restart", "try-reload-or-restart", "condrestart",
        "enable", "disable", "reenable", "mask", "unmask", "kill", "set-default", "set-property", "edit", "revert", "preset",
        "preset-all", "daemon-reload", "daemon-reexec", "poweroff", "reboot", "halt", "suspend", "hibernate", "hybrid-sleep",
        "kexec", "emergency", "rescue", "default", "switch-root", "link", "clean", "freeze", "thaw", "isolate",
    ]
    static let rescueTargets: NameSet = [
        "rescue.target", "emergency.target", "rescue", "emergency", "poweroff.target", "halt.target",
        "reboot.target", "shutdown.target", "runlevel0.target", "runlevel1.target", "runlevel6.target",
    ]

    static let rules: [Rule] = [
        Rule(.servicesPower, programs: ["shutdown", "reboot", "halt", "poweroff", "kexec"]) { invocation in
            invocation.onlyAsksForHelp
                ? nil : "\(invocation.program) \(invocation.arguments.joined(separator: " ")) stops or restarts the machine"
        },
        Rule(.servicesRunlevel, programs: ["init", "telinit"]) { invocation in
            invocation.firstOperand.map { "\(invocation.program) \($0.text) changes the runlevel" }
        },
        Rule(.servicesIsolateRescue, programs: ["systemctl"]) { invocation in
            guard let call = invocation.call else { return nil }
            let target = call.operands.dropFirst().first ?? ""
            if call.verb == "isolate", rescueTargets.contains(target) {
                return "systemctl isolate \(target) stops every service, cutting off remote access"
            }
            if call.verb == "rescue" || call.verb == "emergency" {
                return "systemctl \(call.verb) stops every service, cutting off remote access"
            }
            return nil
        },
        Rule(.servicesSystemctlChange, programs: ["systemctl"]) { invocation in
            guard let call = invocation.call, systemctlChanging.contains(call.verb) else { return nil }
            let unit = call.operands.dropFirst().first ?? ""
            return "systemctl \(call.verb) \(unit) changes a running service or the system state".replacingOccurrences(
                of: "  ", with: " ")
        },
        Rule(.servicesServiceChange, programs: ["service", "rc-service", "sv"]) { invocation in
            let operands = invocation.operands.map(\.text)
            let verbs: NameSet = [
                "start", "stop", "restart", "reload", "force-reload", "try-restart", "condrestart", "zap", "kill", "down", "up",
                "term",
            ]
            return operands.first(where: verbs.contains).map {
                "\(invocation.program) \(operands.joined(separator: " ")) \($0 == "" ? "" : "changes a running service")"
            }
        },
        Rule(.servicesInitScript) { invocation in
            guard invocation.program.hasPrefix("/etc/init.d/") || invocation.program.hasPrefix("/etc/rc.d/") else { return nil }
            let verb = invocation.firstOperand?.text ?? ""
            return ["status", "help", ""].contains(verb) ? nil : "\(invocation.program) \(verb) changes a running service"
        },
        Rule(
            .firewallChange,
            programs: [
                "iptables", "ip6tables", "iptables-legacy", "iptables-nft", "ip6tables-legacy", "ebtables", "arptables",
                "iptables-restore", "ip6tables-restore",
            ]
        ) { invocation in
            if invocation.program.hasSuffix("-restore") { return "\(invocation.program) replaces firewall rules" }
            let listing: NameSet = [
                "-L", "--list", "-S", "--list-rules", "-n", "--numeric", "-v", "--verbose", "-t", "--table", "--line-numbers",
                "-x", "--exact", "-h", "--help", "--version", "-V",
            ]
            let changes = invocation.words.first {
                $0.text.hasPrefix("-") && !listing.contains($0.text) && !$0.text.hasPrefix("-L") && !$0.text.hasPrefix("-S")
                    && $0.text != "-nL" && $0.text != "-vnL" && $0.text != "-nvL"
            }
            if invocation.words.isEmpty { return nil }
            return changes.map { "\(invocation.program) \($0.text) changes firewall rules" }
        },
        Rule(.firewallNft, programs: ["nft"]) { invocation in
            let verb = invocation.operands.first?.text ?? ""
            return ["list", "monitor", "describe", ""].contains(verb) || invocation.onlyAsksForHelp
                ? nil : "nft \(verb) changes firewall rules"
        },
        Rule(.firewallFrontend, programs: ["ufw", "firewall-cmd"]) { invocation in
            if invocation.program == "ufw" {
                let verb = invocation.operands.first?.text ?? ""
                return ["status", "show", "app", "version", ""].contains(verb) ? nil : "ufw \(verb) changes firewall rules"
            }
            let readOnly = invocation.words.allSatisfy {
                $0.text.hasPrefix("--list") || $0.text.hasPrefix("--get") || $0.text.hasPrefix("--query") || $0.text == "--state"
                    || $0.text.hasPrefix("--zone") || $0.text == "--permanent"
            }
            return readOnly ? nil : "firewall-cmd changes firewall rules"
        },
        Rule(.scheduleChange, programs: ["crontab", "at", "batch", "atrm"]) { invocation in
            if invocation.program == "crontab", invocation.words.contains(where: { $0.text == "-l" }) { return nil }
            if invocation.program == "at", invocation.words.contains(where: { $0.text == "-l" }) { return nil }
            return "\(invocation.program) schedules or removes jobs that run later"
        },
        // Loading a module is a state change a human can read and approve, like modprobe: the file is
        // named on the command line. It is not hidden code and does not wreck the machine by itself.
        Rule(.kernelModuleLoad, programs: ["insmod"]) { invocation in
            invocation.onlyAsksForHelp ? nil : "insmod loads arbitrary code into the kernel"
        },
        Rule(.kernelModuleChange, programs: ["modprobe", "rmmod", "depmod"]) { invocation in
            if invocation.hasFlag("n", long: ["--dry-run", "--show-depends", "--show-config", "--showconfig"])
                || invocation.hasFlag("c")
            {
                return nil
            }
            return invocation.onlyAsksForHelp ? nil : "\(invocation.program) changes the kernel's loaded modules"
        },
        Rule(.kernelSysctlWrite, programs: ["sysctl"]) { invocation in
            let writes =
                invocation.hasFlag("w", long: ["--write", "--load", "--system"]) || invocation.hasFlag("p")
                || invocation.hasFlag("f")
                || invocation.words.contains { $0.text.hasPrefix("-p") || $0.text.hasPrefix("-f") }
                || invocation.operands.contains { $0.text.contains("=") }
            return writes ? "sysctl changes kernel parameters" : nil
        },
        Rule(
            .networkConfigChange,
            programs: [
                "ip", "ifdown", "ifup", "ifconfig", "nmcli", "route", "netplan", "brctl", "tc", "ethtool", "networkctl",
                "resolvectl",
            ]
        ) { invocation in
            let operands = invocation.operands.map(\.text)
            switch invocation.program {
            case "networkctl", "resolvectl":
                // systemd's network tools: everything but their reports takes links down, renews or
                // reconfigures them, or changes which DNS servers answer.
                let reports: NameSet = [
                    "status", "list", "lldp", "label", "cat", "query", "statistics", "service", "show-cache",
                    "show-server-state", "help",
                ]
                let verb = operands.first ?? "status"
                if invocation.onlyAsksForHelp || reports.contains(verb) { return nil }
                // `resolvectl dns eth0` with no server lists; with one it sets.
                if invocation.program == "resolvectl", operands.count <= 2,
                    ["dns", "domain", "default-route", "llmnr", "mdns", "dnssec", "dnsovertls", "nta"].contains(verb)
                {
                    return nil
                }
                return "\(invocation.program) \(operands.joined(separator: " ")) changes the network configuration"
            case "ifdown", "ifup": return "\(invocation.program) \(operands.joined(separator: " ")) can cut off this SSH session"
            case "netplan":
                return operands.first == "apply" || operands.first == "try"
                    ? "netplan \(operands[0]) reconfigures the network" : nil
            case "ifconfig", "route", "ethtool", "brctl", "tc":
                let changing: NameSet = [
                    "down", "up", "add", "del", "delete", "-s", "--change", "addbr", "delbr", "change", "replace",
                ]
                return operands.contains(where: changing.contains) || invocation.words.contains(where: { $0.text == "-s" })
                    ? "\(invocation.program) \(operands.joined(separator: " ")) changes the network configuration" : nil
            case "nmcli":
                let changing: NameSet = ["down", "up", "delete", "modify", "add", "disconnect", "off", "reload", "set"]
                return operands.contains(where: changing.contains)
                    ? "nmcli \(operands.joined(separator: " ")) changes the network configuration" : nil
            default:
                let changing: NameSet = [
                    "add", "del", "delete", "change", "replace", "set", "flush", "append", "prepend", "exec", "down", "up",
                ]
                return operands.contains(where: changing.contains)
                    ? "ip \(operands.joined(separator: " ")) changes the network configuration and can cut off this SSH session"
                    : nil
            }
        },
        Rule(
            .systemSettingsChange,
            programs: ["hostnamectl", "timedatectl", "localectl", "loginctl", "hostname", "date"]
        ) { invocation in
            let operands = invocation.operands.map(\.text)
            switch invocation.program {
            case "hostname":
                return operands.isEmpty || invocation.words.contains(where: { $0.text.hasPrefix("-") })
                    ? nil : "hostname \(operands[0]) changes the host name"
            case "date":
                return invocation.words.contains(where: { $0.text == "-s" || $0.text.hasPrefix("--set") })
                    ? "date --set changes the system clock" : nil
            case "loginctl":
                return operands.first.map {
                    $0.hasPrefix("terminate") || $0.hasPrefix("kill") || $0.hasPrefix("lock") || $0 == "enable-linger"
                        || $0 == "disable-linger"
                } == true
                    ? "loginctl \(operands[0]) ends or changes sessions" : nil
            default:
                return operands.first.map { $0.hasPrefix("set-") || $0 == "set" } == true
                    ? "\(invocation.program) \(operands[0]) changes system settings" : nil
            }
        },
        Rule(
            .accountsChange,
            programs: [
                "useradd", "userdel", "usermod", "groupadd", "groupdel", "groupmod", "passwd", "chpasswd", "chsh", "chfn",
                "adduser", "deluser", "visudo", "vipw",
            ]
        ) { invocation in
            if invocation.onlyAsksForHelp { return nil }
            // `visudo -c` only checks the syntax of the sudoers files.
            if invocation.program == "visudo", invocation.hasFlag("c", long: ["--check"]) { return nil }
            return "\(invocation.program) changes user accounts or credentials"
        },
    ]
}

extension String {
    /// Foundation-free `replacingOccurrences(of:with:)`.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var remainder = self[...]
        while let range = remainder.firstRange(of: target) {
            result += remainder[..<range.lowerBound]
            result += replacement
            remainder = remainder[range.upperBound...]
        }
        return result + remainder
    }
}
