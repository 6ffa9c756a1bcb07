/// How one program's command line is laid out. Every stage — wrappers and launchers, the rules,
/// the readonly allow-list — finds a tool's verb through this one table, so a global option with
/// a value (`docker --context prod exec …`, `kubectl -n prod get pods`) cannot hide the verb
/// from one stage while another sees it.
struct CommandLineLayout: Sendable {
    /// Options that take their value as the next word (`--context prod`, `-n prod`). The
    /// attached forms (`--context=prod`, `-nprod`) are single words and need no entry.
    var valuedOptions: NameSet = []
    /// Operands that come before the verb (`service NAME restart`: one).
    var operandsBeforeVerb = 0
    /// Verbs that group others, so the real verb is the next operand (`docker volume rm`).
    var groups: NameSet = []
    /// Every verb is a group (`aws SERVICE OPERATION`, `ip OBJECT COMMAND`).
    var everyVerbIsGroup = false
}

/// A command line split by its layout.
struct VerbCall {
    /// The first operand after the global options (`exec`, `volume`, `s3`).
    let verb: String
    /// The operand after a group verb (`volume rm` → `rm`), nil for verbs that are not groups.
    let subverb: String?
    /// The words after the verb (and the sub-verb, when there is one): the verb's own arguments.
    let arguments: [Word]
    /// Every operand of the command line, the values of valued options skipped.
    let operands: [String]

    /// `verb subverb`, or just the verb.
    var fullVerb: String { subverb.map { "\(verb) \($0)" } ?? verb }
}

enum ProgramTable {
    static let containerOptions: NameSet = [
        "-H", "--host", "-c", "--context", "--config", "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey", "--url",
        "--connection", "--identity", "--root", "--runroot", "--storage-driver", "--storage-opt", "--cgroup-manager",
        "--namespace", "-n", "--address", "-a", "--module", "--ssh-config", "--events-backend", "--network-cmd-path",
        "--tmpdir", "--volumepath", "--runtime", "--conmon", "--hooks-dir", "--data-root", "--cni-path", "--snapshotter",
        "--cgroup-manager",
    ]
    /// Compose's own options, which may come between `compose` and its verb.
    static let composeOptions: NameSet = [
        "-f", "--file", "-p", "--project-name", "--env-file", "--profile", "--project-directory", "--ansi", "--progress",
        "--parallel",
    ]
    static let containerGroups: NameSet = [
        "container", "image", "volume", "network", "system", "builder", "buildx", "compose", "node", "service", "stack",
        "secret", "config", "plugin", "context", "manifest", "trust", "swarm", "machine", "pod", "checkpoint", "artifact",
    ]
    static let kubernetesOptions: NameSet = [
        "-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-s", "--server", "--token", "--as",
        "--as-group", "--as-uid", "--certificate-authority", "--client-certificate", "--client-key", "--request-timeout",
        "--cache-dir", "-v", "--v", "--tls-server-name", "--password", "--username", "--profile", "--profile-output",
        "--log-file", "--vmodule", "-l", "--selector", "-o", "--output", "-f", "--filename", "-c", "--container",
        "--field-selector", "-L", "--label-columns", "--sort-by", "--template", "-k", "--kustomize", "--chunk-size",
    ]
    static let cloudOptions: NameSet = [
        "--profile", "--region", "--output", "--endpoint-url", "--query", "--cli-read-timeout", "--cli-connect-timeout",
        "--ca-bundle", "--color", "--cli-binary-format", "--project", "--account", "--configuration", "--format",
        "--verbosity", "--impersonate-service-account", "--billing-project", "--flatten", "--trace-token",
        "--access-token-file", "--zone", "--subscription", "-o", "--context", "-t", "--access-token", "--config", "-c",
        "-g", "--resource-group",
    ]

    static let layouts: NameTable<CommandLineLayout> = {
        var table: NameTable<CommandLineLayout> = [:]
        // Defaults for service tools, then package managers (a program that is both gets the
        // package layout), first: a later entry for the same program replaces them (the last
        // value set wins), so building needs no lookup.
        let serviceTools = CommandLineLayout(valuedOptions: [
            "-c", "--config", "--connect", "-h", "--host", "-u", "--user", "-P", "--port", "-D", "--pgdata", "--project",
            "--remote",
        ])
        for name in ServiceToolRules.destructiveVerbs.keys { table[name] = serviceTools }
        let packages = CommandLineLayout(valuedOptions: [
            "-o", "--option", "-c", "--config-file", "-t", "--target-release", "--prefix", "-C", "--cwd", "--dir",
            "--index-url", "-i", "--root", "--installroot", "--releasever", "--repo", "--enablerepo", "--disablerepo",
            "--workspace", "--filter", "-w",
        ])
        for name in PackageRules.changingVerbs.keys { table[name] = packages }
        let containers = CommandLineLayout(valuedOptions: containerOptions.union(composeOptions), groups: containerGroups)
        for name in ["docker", "podman", "nerdctl"] { table[name] = containers }
        for name in ["docker-compose", "podman-compose"] { table[name] = CommandLineLayout(valuedOptions: composeOptions) }
        // containerd's own client: `ctr [-n NS] run …`, `ctr c create …`.
        table["ctr"] = CommandLineLayout(
            valuedOptions: ["-a", "--address", "-n", "--namespace", "--timeout", "--connect-timeout"],
            groups: ["c", "container", "containers", "t", "task", "tasks", "i", "image", "images", "snapshot", "snapshots"])
        let kubernetes = CommandLineLayout(
            valuedOptions: kubernetesOptions, groups: ["rollout", "config", "auth", "certificate", "set", "create", "apply"])
        for name in ["kubectl", "oc", "k3s", "microk8s.kubectl"] { table[name] = kubernetes }
        table["helm"] = CommandLineLayout(
            valuedOptions: [
                "-n", "--namespace", "--kube-context", "--kubeconfig", "--registry-config", "--repository-cache",
                "--repository-config", "--burst-limit", "--kube-apiserver", "--kube-as-user", "--kube-as-group",
                "--kube-token", "--kube-ca-file", "--kube-tls-server-name",
            ], groups: ["repo", "plugin", "registry", "dependency", "show", "get", "search"])
        table["git"] = CommandLineLayout(valuedOptions: [
            "-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--exec-path", "--super-prefix",
            "--attr-source",
        ])
        table["systemctl"] = CommandLineLayout(valuedOptions: [
            "-H", "--host", "-M", "--machine", "-t", "--type", "-p", "--property", "-P", "-n", "--lines", "-o", "--output",
            "--state", "--root", "--image", "-s", "--signal", "--kill-whom", "--kill-value", "--what", "--job-mode",
            "--message", "--timestamp", "--boot-loader-entry", "--reboot-argument", "--drop-in", "--when",
        ])
        table["service"] = CommandLineLayout(operandsBeforeVerb: 1)
        table["rc-service"] = CommandLineLayout(operandsBeforeVerb: 1)
        table["sv"] = CommandLineLayout(valuedOptions: ["-w"])
        for name in ["aws", "gcloud", "az", "doctl", "gsutil"] {
            table[name] = CommandLineLayout(valuedOptions: cloudOptions, everyVerbIsGroup: name != "gsutil")
        }
        for name in ["terraform", "tofu"] {
            table[name] = CommandLineLayout(groups: ["state", "workspace", "providers", "metadata"])
        }
        table["pulumi"] = CommandLineLayout(
            valuedOptions: ["-C", "--cwd", "-s", "--stack"], groups: ["stack", "config", "state", "plugin"])
        table["ip"] = CommandLineLayout(
            valuedOptions: ["-n", "-netns", "-f", "-family", "-rc", "-rcvbuf", "-l", "-loops", "-b", "-batch"],
            everyVerbIsGroup: true)
        table["restic"] = CommandLineLayout(valuedOptions: [
            "-r", "--repo", "--repository-file", "-p", "--password-file", "--password-command", "--cache-dir", "-o", "--option",
            "--limit-upload", "--limit-download", "--tls-client-cert", "--cacert", "--key-hint",
        ])
        table["borg"] = CommandLineLayout(valuedOptions: ["--remote-path", "--rsh", "--lock-wait", "--umask", "--repo", "-r"])
        table["kopia"] = CommandLineLayout(valuedOptions: ["--config-file", "--password"], groups: ["snapshot", "repository"])
        for name in ["zpool", "zfs"] { table[name] = CommandLineLayout() }
        for name in ["vault", "consul", "nomad"] {
            table[name] = CommandLineLayout(valuedOptions: ["-address", "-namespace", "-region"], groups: ["kv", "secrets"])
        }
        return table
    }()

    /// The verb and its arguments, found by the program's layout (a program not in the table
    /// has no valued global options and no groups).
    static func call(_ invocation: Invocation) -> VerbCall? {
        call(program: invocation.program, words: invocation.words)
    }

    /// `valued` adds options of the verb that take a value, when a rule needs the verb's operands.
    static func call(program: String, words: [Word], valued: NameSet = []) -> VerbCall? {
        var layout = layouts[program] ?? CommandLineLayout()
        // Mutating the copy would copy the table's option set on every call: only when needed.
        if !valued.isEmpty { layout.valuedOptions.formUnion(valued) }
        var operands: [(text: String, index: Int)] = []
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let text = words[index].text
            if !optionsEnded, text == "--" {
                optionsEnded = true
            } else if !optionsEnded, text.count > 1, text.hasPrefix("-") {
                if layout.valuedOptions.contains(text) { index += 1 }
            } else {
                operands.append((text, index))
            }
            index += 1
        }
        guard operands.count > layout.operandsBeforeVerb else { return nil }
        let verb = operands[layout.operandsBeforeVerb]
        let isGroup = layout.everyVerbIsGroup || layout.groups.contains(verb.text)
        let sub = isGroup && operands.count > layout.operandsBeforeVerb + 1 ? operands[layout.operandsBeforeVerb + 1] : nil
        let argumentStart = (sub ?? verb).index + 1
        return VerbCall(
            verb: verb.text, subverb: sub?.text,
            arguments: argumentStart < words.count ? Array(words[argumentStart...]) : [],
            operands: operands.map(\.text))
    }
}
