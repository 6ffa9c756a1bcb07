/// Programs that only read, each with the options that would make it write or run something else.
enum ReadonlyAllowList {
    typealias Check = @Sendable (Invocation) -> String?

    static let anyArguments: NameSet = [
        "cat", "head", "tail", "ls", "pwd", "echo", "printf", "true", "false", "test", "[", "[[", "wc", "cut", "tr", "grep",
        "egrep",
        "fgrep", "zgrep", "file", "stat", "du", "df", "free", "uptime", "uname", "id", "whoami", "groups", "printenv", "which",
        "whereis",
        "type", "ps", "pgrep", "pidof", "lsof", "ss", "netstat", "lsblk", "blkid", "findmnt", "diff", "cmp", "md5sum", "sha1sum",
        "sha256sum",
        "sha512sum", "cksum", "b2sum", "hexdump", "od", "strings", "jq", "lsb_release", "uuidgen", "shellcheck", "basename",
        "dirname", "realpath", "readlink", "seq", "sleep",
        "numfmt", "column", "nl", "tac", "rev", "fold", "fmt", "expand", "unexpand", "paste", "join", "comm", "cd", "last",
        "lastlog", "w",
        "who", "getent", "locale", "nproc", "lscpu", "lsmem", "lspci", "lsusb", "vmstat", "iostat", "mpstat", "zcat", "bzcat",
        "xzcat",
        "zless", "look", "env", "hash", "command", "alias", "arch", "hostid", "tty", "logname", "users", "dig", "host",
        "nslookup",
        "getconf", "cal", "date", "timedatectl", "hostnamectl", "localectl", "loginctl", "id", "namei", "dpkg-query", "apt-cache",
        "pstree", "top", "htop", "iotop", "sum", "yes", "expr", "tsort", "ptx", "factor", "dmidecode", "lshw", "sensors",
        "base32", "ldd", "nm", "objdump", "readelf", "size", "git-upload-pack", "git-upload-archive", "exit", "wait", "jobs",
        "shopt", "set", "export", "declare", "typeset", "local", "read", "shift", "unset", "times", "umask", "ulimit", ":",
        "tput", "stty",
        "tabs", "more", "info", "whatis", "apropos", "help", "cmp", "sdiff", "diff3", "ag", "ack", "fd", "fdfind",
        "bat", "batcat", "exa", "eza", "ip", "ifconfig", "route", "arp", "iwconfig", "ping", "traceroute", "tracepath", "mtr",
        "curl",
        // Status of kernel modules, ACLs, LSMs, LVM and the at queue: they only report.
        "lsmod", "getfacl", "lsattr", "getenforce", "sestatus", "aa-status", "atq", "pvs", "lvs", "vgs", "pvdisplay",
        "lvdisplay", "vgdisplay", "lastb",
    ]

    /// Programs allowed with some options or verbs only.
    static let checked: NameTable<Check> = [
        "find": { invocation in
            let bad = invocation.words.first {
                // `-exec`/`-execdir` are judged by the command they run, which readonly checks on its own.
                ["-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls"].contains($0.text)
            }
            return bad.map { "find \($0.text) is not read-only" }
        },
        "sed": { invocation in
            // Bundled (`-Ei`), attached (`-f/tmp/s.sed`) and abbreviated (`--in`) forms too.
            if invocation.hasFlag("i", long: ["--in-place", "--file"])
                || invocation.words.contains(where: { $0.text.hasPrefix("-i") || $0.text.hasPrefix("-f") })
                || invocation.words.contains(where: {
                    $0.text.hasPrefix("-") && !$0.text.hasPrefix("--") && $0.text.dropFirst().prefix { $0 != "e" }.contains("f")
                })
            {
                return "sed -i/-f is not read-only"
            }
            for script in SedScript.scripts(of: invocation)
            where SedScript.executes(script) || !SedScript.writtenFiles(script).isEmpty {
                return "this sed script writes files or runs commands"
            }
            return nil
        },
        "awk": awk, "gawk": awk, "mawk": awk, "nawk": awk,
        "sort": {
            $0.hasFlag("o", long: ["--output", "--compress-program"]) || $0.words.contains { $0.text.hasPrefix("-o") }
                ? "sort -o writes a file" : nil
        },
        "base64": {
            $0.hasFlag(long: ["--output"]) || $0.words.contains { $0.text.hasPrefix("-o") }
                ? "base64 --output writes a file" : nil
        },
        "git": gitReadOnly,
        "uniq": { $0.operands.count > 1 ? "uniq INPUT OUTPUT writes a file" : nil },
        "xxd": { $0.operands.count > 1 || $0.hasFlag("r") ? "xxd with an output file (or -r) writes a file" : nil },
        "tree": { $0.words.contains { $0.text == "-o" || $0.text.hasPrefix("--output") } ? "tree -o writes a file" : nil },
        "less": {
            $0.words.contains {
                $0.text.hasPrefix("-o") || $0.text.hasPrefix("-O") || $0.text.hasPrefix("--log-file")
                    || $0.text.hasPrefix("--LOG-FILE") || $0.text.hasPrefix("+")
            } ? "less -o/+cmd writes a file or runs commands" : nil
        },
        "man": {
            $0.words.contains {
                ["-P", "-H", "--pager", "--html", "-p", "--preprocessor"].contains(
                    $0.text.split(separator: "=").first.map(String.init) ?? $0.text) || $0.text.hasPrefix("-P")
                    || $0.text.hasPrefix("-H")
            } ? "man -P/-H runs another program" : nil
        },
        "openssl": { invocation in
            let verb = invocation.operands.first?.text ?? ""
            let writes = invocation.words.contains { ["-out", "-keyout", "-writerand"].contains($0.text) }
            return writes
                || ["genrsa", "genpkey", "req", "ca", "enc", "s_server"].contains(verb)
                    && !(verb == "req" && invocation.words.contains { $0.text == "-noout" })
                ? "openssl \(verb) writes files or keys" : nil
        },
        "ssh-keygen": { invocation in
            let reading: NameSet = ["-l", "-lf", "-F", "-y", "-L", "-B", "-E", "-v", "-lv", "-lvf"]
            return invocation.words.allSatisfy {
                !$0.text.hasPrefix("-") || reading.contains($0.text) || $0.text == "-f" || $0.text == "md5" || $0.text == "sha256"
            } && invocation.words.contains(where: { reading.contains($0.text) })
                ? nil : "ssh-keygen other than -l/-F/-y writes keys or known_hosts"
        },
        "rg": { invocation in
            let bad = invocation.words.first {
                ["--pre", "--search-zip", "-z", "--hostname-bin", "--pre-glob"].contains(
                    $0.text.split(separator: "=").first.map(String.init) ?? $0.text)
            }
            return bad.map { "rg \($0.text) runs other programs" }
        },
        "docker": containerReadOnly, "podman": containerReadOnly, "nerdctl": containerReadOnly,
        "docker-compose": { verbs($0, allowed: ["ps", "ls", "logs", "images", "top", "version"]) },
        "kubectl": kubernetesReadOnly, "oc": kubernetesReadOnly,
        "helm": { invocation in
            if invocation.words.contains(where: { $0.text.hasPrefix("--output-dir") || $0.text.hasPrefix("--post-renderer") }) {
                return "helm --output-dir/--post-renderer writes files or runs a program"
            }
            return verbs(
                invocation,
                allowed: [
                    "list", "ls", "status", "history", "get", "show", "version", "search", "env", "repo list", "lint",
                    "template", "dependency list", "plugin list",
                ])
        },
        "ufw": { verbs($0, allowed: ["status"]) },
        // nft joins its arguments into one script, where `;` separates commands.
        "nft": {
            $0.words.contains { $0.text.contains(";") || $0.text == "-f" || $0.text.hasPrefix("--file") }
                ? "nft runs more than a listing" : verbs($0, allowed: ["list"])
        },
        "service": { invocation in
            let operands = invocation.operands.map(\.text)
            // A service name with a slash is a path to a script of the caller's choosing.
            let plainName = operands.first.map { !$0.contains("/") } ?? false
            return invocation.words.map(\.text) == ["--status-all"]
                || (operands.count == 2 && operands[1] == "status" && plainName)
                ? nil : "service other than status starts, stops or changes services"
        },
        "iptables": { invocation in
            invocation.words.allSatisfy {
                [
                    "-L", "-S", "-n", "-v", "-nL", "-nvL", "-vnL", "-Ln", "--list", "--list-rules", "--numeric", "--verbose",
                    "--line-numbers", "-t", "nat", "filter", "mangle", "raw", "INPUT", "OUTPUT", "FORWARD", "PREROUTING",
                    "POSTROUTING",
                ].contains($0.text)
            }
                ? nil : "iptables other than listing changes the firewall"
        },
        "sysctl": { invocation in
            invocation.words.contains {
                $0.text.contains("=") || ["-w", "--write", "--load", "--system"].contains($0.text) || $0.text.hasPrefix("-p")
                    || $0.text.hasPrefix("-f")
                    || ($0.text.hasPrefix("-") && !$0.text.hasPrefix("--")
                        && ($0.text.contains("w") || $0.text.contains("p") || $0.text.contains("f")))
            }
                ? "sysctl -w/-p/-f changes kernel settings" : nil
        },
        // Only a listing or test mode given first: `unzip x.zip -x -l` extracts (`-l` is a name there).
        "unzip": { invocation in
            guard let first = invocation.words.first?.text, first.hasPrefix("-"), !first.hasPrefix("--"),
                first.contains(where: { "ltvZ".contains($0) })
            else { return "unzip extracts files" }
            return nil
        },
        "gzip": {
            $0.hasFlag("l", long: ["--list"]) || $0.hasFlag("t", long: ["--test"])
                ? nil : "gzip compresses or decompresses files in place"
        },
        "yq": {
            $0.hasFlag("i", long: ["--inplace", "--in-place"]) || $0.words.contains { $0.text.hasPrefix("-i") }
                ? "yq -i edits files in place" : nil
        },
        "systemctl": {
            verbs(
                $0,
                allowed: [
                    "status", "show", "list-units", "list-unit-files", "list-timers", "list-sockets", "list-dependencies",
                    "list-jobs", "is-active", "is-enabled", "is-failed", "is-system-running", "cat", "get-default", "--failed",
                    "--version",
                ], emptyAllowed: true)
        },
        "journalctl": { invocation in
            invocation.words.contains {
                $0.text.hasPrefix("--vacuum") || $0.text == "--rotate" || $0.text == "--flush" || $0.text == "--sync"
                    || $0.text.hasPrefix("--relinquish") || $0.text == "--setup-keys" || $0.text == "--update-catalog"
            }
                ? "journalctl maintenance options change the journal" : nil
        },
        "aws": { invocation in
            guard let call = invocation.call else { return "aws without a read verb" }
            let operation = call.subverb ?? ""
            if call.verb == "s3", operation == "ls" { return nil }
            if call.verb == "configure", ["list", "list-profiles"].contains(operation) { return nil }
            if ["describe-", "list-", "get-"].contains(where: { operation.hasPrefix($0) }) { return nil }
            return "aws \(call.fullVerb) is not a read-only verb"
        },
        "networkctl": { verbs($0, allowed: ["status", "list", "lldp", "label", "cat"], emptyAllowed: true) },
        "resolvectl": {
            verbs(
                $0, allowed: ["status", "query", "statistics", "service", "show-cache", "show-server-state"], emptyAllowed: true)
        },
        "zpool": { verbs($0, allowed: ["status", "list", "iostat", "history", "get", "events"]) },
        "zfs": { verbs($0, allowed: ["list", "get"]) },
        "systemd-analyze": {
            verbs($0, allowed: ["time", "blame", "critical-chain", "security", "cat-config", "unit-paths"], emptyAllowed: true)
        },
        "bootctl": { BootRules.changesBoot($0) ? "bootctl changes the boot loader" : nil },
        "efibootmgr": { BootRules.changesBoot($0) ? "efibootmgr changes boot entries" : nil },
        // `gcloud compute instances list`, `az vm list`: listing resources, never a secret's value.
        "gcloud": cloudListing, "az": cloudListing, "doctl": cloudListing,
        "snap": { verbs($0, allowed: ["list", "info", "version", "services", "connections", "changes"]) },
        "flatpak": { verbs($0, allowed: ["list", "info", "remotes", "history"]) },
        "yum": packageQueries, "dnf": packageQueries,
        "borg": { verbs($0, allowed: ["list", "info", "check", "diff", "version", "repo-list", "repo-info"]) },
        "restic": { verbs($0, allowed: ["snapshots", "ls", "stats", "check", "diff", "find", "version"]) },
        "scp": { invocation in
            invocation.words.contains { $0.text == "-f" } && !invocation.words.contains { $0.text == "-t" }
                ? nil : "scp is read-only only as the remote end of a download (scp -f)"
        },
        "sftp-server": { invocation in
            invocation.words.contains { $0.text == "-R" } ? nil : "sftp-server without -R allows writes"
        },
        "rm": { $0.onlyAsksForHelp ? nil : "rm deletes files" },
        "fdisk": partitionListing, "sfdisk": partitionListing, "parted": partitionListing, "gdisk": partitionListing,
        "sgdisk": partitionListing,
        "rsync": { invocation in
            // The read end of `rsync host:path .` (the server side, sending), or a dry run.
            let texts = invocation.words.map(\.text)
            let writesLocally = texts.contains {
                $0.hasPrefix("--log-file") || $0.hasPrefix("--write-batch") || $0.hasPrefix("--only-write-batch")
                    || $0 == "--daemon"
            }
            if writesLocally { return "rsync --log-file/--write-batch writes files" }
            let serverSending = texts.contains("--server") && texts.contains("--sender")
            let dryRun =
                texts.contains("--dry-run") || texts.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("n") }
            return serverSending || (dryRun && !texts.contains("--server")) ? nil : "rsync copies files"
        },
        "history": {
            $0.words.isEmpty || $0.words.allSatisfy({ $0.text.allSatisfy(\.isNumber) })
                ? nil : "history with options changes the history"
        },
        "hostname": { $0.operands.isEmpty ? nil : "hostname NAME changes the host name" },
        "dmesg": {
            $0.hasFlag("c", long: ["--clear", "--read-clear", "--console-off", "--console-on", "--console-level"])
                || $0.hasFlag("C") || $0.hasFlag("D") || $0.hasFlag("E") ? "dmesg -c/-C changes the kernel log" : nil
        },
        // `crontab -l`, also another user's (`-u deploy -l`).
        "crontab": {
            ReadonlyAllowList.only($0, flags: ["-l"], valued: ["-u"], requireOne: true) == nil
                ? nil : "crontab other than -l changes scheduled jobs"
        },
        "tar": { invocation in
            let first = invocation.words.first?.text ?? ""
            let listing =
                invocation.hasFlag("t", long: ["--list"])
                || (!first.hasPrefix("-") && first.contains("t") && !first.contains("x") && !first.contains("c"))
            return listing
                && !invocation.words.contains(where: {
                    $0.text.hasPrefix("--to-command") || $0.text.hasPrefix("--use-compress") || $0.text == "-I"
                }) ? nil : "tar other than --list writes files"
        },
        "mount": { $0.operands.isEmpty ? nil : "mount with a device changes what is mounted" },
        "python3": versionOnly, "python": versionOnly, "node": versionOnly, "perl": versionOnly, "ruby": versionOnly,
        "go": {
            $0.words.contains { $0.text == "-w" || $0.text == "-u" }
                ? "go env -w changes the go configuration" : verbs($0, allowed: ["version", "env", "list", "doc"])
        },
        "cargo": { verbs($0, allowed: ["--version", "version", "metadata", "tree", "search"]) },
        "npm": {
            verbs(
                $0,
                allowed: [
                    "ls", "list", "view", "info", "outdated", "--version", "-v", "config get", "root", "prefix", "search",
                    "audit",
                ])
        },
        "pip": { verbs($0, allowed: ["list", "show", "freeze", "--version", "check", "index"]) },
        "pip3": { verbs($0, allowed: ["list", "show", "freeze", "--version", "check", "index"]) },
        "apt": { verbs($0, allowed: ["list", "show", "search", "policy", "depends", "rdepends", "--version"]) },
        "dpkg": { invocation in
            invocation.words.allSatisfy({
                [
                    "-l", "-L", "-s", "-S", "-p", "--list", "--listfiles", "--status", "--search", "--print-avail",
                    "--get-selections", "--version", "--print-architecture",
                ].contains($0.text) || !$0.text.hasPrefix("-")
            }) && invocation.words.first.map({ $0.text.hasPrefix("-") }) ?? true
                ? nil : "dpkg other than queries changes packages"
        },
        "rpm": { $0.hasFlag("q") || $0.hasFlag("V") ? nil : "rpm other than -q changes packages" },
        "sudo": { _ in "sudo is not allowed in readonly mode" },
        "xargs": { _ in nil }, "nice": { _ in nil }, "timeout": { _ in nil }, "time": { _ in nil }, "stdbuf": { _ in nil },
        "nohup": { _ in nil },
        "sh": shellReadOnly, "bash": shellReadOnly, "dash": shellReadOnly, "zsh": shellReadOnly, "ksh": shellReadOnly,
    ]

    static func problem(with invocation: Invocation, extraAllowed: [String]) -> String? {
        if extraAllowed.contains(invocation.program) { return nil }
        if anyArguments.contains(invocation.program) {
            if invocation.program == "curl" || invocation.program == "ip" { return curlOrIP(invocation) }
            return nil
        }
        if let check = checked[invocation.program] { return check(invocation) }
        // Kept apart from `checked`: these tools also run code or connect out in their other
        // modes, so they must not count as plain readers elsewhere (`ShellOperands.readers`).
        if let check = adminTools[invocation.program] { return check(invocation) }
        if invocation.program.hasPrefix("/") || invocation.program.hasPrefix(".") {
            return "\(invocation.program) is not a system program on the read-only allow-list"
        }
        return "\(invocation.program) is not on the read-only allow-list"
    }
}
