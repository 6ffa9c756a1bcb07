/// Status and test modes of admin tools whose other modes change things: each entry allows the
/// reporting options or verbs only (found by red-teaming: ordinary runbook reads blocked in
/// readonly). `ReadonlyAllowList.problem` consults these after `checked`.
extension ReadonlyAllowList {
    static let adminTools: NameTable<Check> = [
        // Configuration tests and dumps; `-g`/`-s` would apply directives or signal the server.
        "nginx": { only($0, flags: ["-t", "-T", "-q", "-v", "-V", "-h", "-?"], valued: ["-c", "-p", "-e"], requireOne: true) },
        "apachectl": apacheChecks, "apache2ctl": apacheChecks,
        // Reports of a link; the upper-case and `-s` forms change it.
        "ethtool": {
            only(
                $0,
                flags: [
                    "-i", "-S", "-k", "-g", "-a", "-c", "-l", "-m", "-T", "-P", "--driver", "--statistics",
                    "--show-features", "--show-offload", "--show-ring", "--show-pause", "--show-coalesce",
                    "--show-channels", "--module-info", "--show-time-stamping", "--show-permaddr",
                ], operands: 1)
        },
        "bridge": { invocation in
            let operands = invocation.operands.map(\.text)
            let listing: NameSet = ["link", "fdb", "mdb", "vlan", "show", "list", "lst", "dev"]
            return operands.prefix(2).allSatisfy(listing.contains)
                && !operands.contains(where: ["set", "add", "del", "replace"].contains)
                ? nil : "bridge \(operands.joined(separator: " ")) changes bridges"
        },
        "nmcli": { invocation in
            let operands = invocation.operands.map(\.text)
            let objects: NameSet = ["general", "g", "device", "dev", "d", "connection", "con", "c"]
            let reads: NameSet = ["status", "show", "list", "s"]
            guard let object = operands.first else { return nil }
            return objects.contains(object) && (operands.count == 1 || reads.contains(operands[1]))
                ? nil : "nmcli \(operands.joined(separator: " ")) is not a listing"
        },
        "swapon": { only($0, flags: ["--show", "-s", "--summary", "--noheadings", "--bytes"], operands: 0, requireOne: true) },
        "ssh": { $0.words.map(\.text) == ["-V"] ? nil : "ssh connects to another host" },
        "java": { ["-version", "--version"].contains($0.words.map(\.text).joined()) ? nil : "java runs code" },
        "php": { ["-v", "--version"].contains($0.words.map(\.text).joined()) ? nil : "php runs code" },
        "iptables-save": iptablesSave, "ip6tables-save": iptablesSave,
        "conntrack": {
            only($0, flags: ["-L", "--dump", "-S", "--stats", "-C", "--count", "-n", "-o", "extended"], operands: 0)
        },
        "auditctl": { only($0, flags: ["-l", "-s"], operands: 0, requireOne: true) },
        "chage": { only($0, flags: ["-l", "--list"], operands: 1, requireOne: true) },
        "mdadm": {
            only(
                $0, flags: ["--detail", "-D", "--examine", "-E", "--query", "-Q", "--detail-platform", "--scan", "-s"],
                operands: 4,
                requireOne: true)
        },
        "smartctl": {
            only(
                $0,
                flags: ["-a", "-i", "-H", "-A", "-x", "-c", "--all", "--info", "--health", "--attributes", "--xall", "--scan"],
                valued: ["-d", "--device", "-l", "--log"], operands: 1)
        },
        "nvme": {
            verbs($0, allowed: ["list", "smart-log", "id-ctrl", "id-ns", "error-log", "list-subsys", "version", "show-regs"])
        },
        "crictl": {
            verbs(
                $0,
                allowed: ["ps", "images", "img", "pods", "inspect", "inspecti", "inspectp", "logs", "stats", "info", "version"])
        },
        "terraform": terraformReads, "tofu": terraformReads,
        "certbot": { verbs($0, allowed: ["certificates"]) },
    ]

    /// The words are only the given flags (and the values of the valued options), with at most
    /// `operands` other words; `requireOne`: at least one flag, so the bare command (which may act) is not a read.
    static func only(
        _ invocation: Invocation, flags: NameSet, valued: NameSet = [], operands: Int = 0, requireOne: Bool = false
    ) -> String? {
        var others = 0
        var sawFlag = false
        var index = 0
        let words = invocation.words.map(\.text)
        while index < words.count {
            let word = words[index]
            if valued.contains(word) {
                index += 2
                continue
            }
            if flags.contains(word) {
                sawFlag = true
            } else if word.hasPrefix("-") {
                return "\(invocation.program) \(word) is not a report"
            } else {
                others += 1
            }
            index += 1
        }
        if others > operands || (requireOne && !sawFlag) { return "\(invocation.program) without a report option" }
        return nil
    }

    private static let apacheChecks: Check = {
        only(
            $0, flags: ["-S", "-t", "-M", "-v", "-V", "-l", "-L", "-D", "DUMP_VHOSTS", "DUMP_MODULES", "configtest"], operands: 1,
            requireOne: false)
            ?? ($0.words.isEmpty ? "\($0.program) without a test option" : nil)
    }

    /// Prints the rules; `-f FILE` would write them to a file.
    private static let iptablesSave: Check = {
        only($0, flags: ["-c", "--counters"], valued: ["-t", "--table", "-M", "--modprobe"], operands: 0)
    }

    private static let terraformReads: Check = { invocation in
        let operands = invocation.operands.map(\.text)
        let reads: [[String]] = [
            ["version"], ["state", "list"], ["state", "show"], ["providers"], ["workspace", "list"], ["workspace", "show"],
            ["graph"], ["fmt", "-check"],
        ]
        return reads.contains(where: { operands.starts(with: $0) })
            ? nil : "terraform \(operands.joined(separator: " ")) is not a read"
    }
}
