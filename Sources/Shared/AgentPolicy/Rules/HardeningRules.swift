/// Rules from a red-team pass over the engine: configuration that runs commands later, switching
/// off auditing, privilege that outlives the command, listeners that hand out a shell or files,
/// and make recipes from places the policy cannot read.
enum HardeningRules {
    /// Files whose settings run commands on a later, innocent-looking command (`git status` runs
    /// `core.fsmonitor`, `ssh host` runs `ProxyCommand`).
    static func runsCommandsLater(_ facts: PathFacts) -> Bool {
        let text = facts.absolutePath ?? facts.original
        if CommandRunningFiles.matches(text) { return true }
        // Every written path passes here: one scan rules out nearly all of them.
        guard text.containsText("git") || text.containsText("ssh") else { return false }
        if text.hasSuffix("/.git/config") || text == ".git/config" || text.containsText("/.git/hooks/")
            || text.hasPrefix(".git/hooks/")
        {
            return true
        }
        if text.hasSuffix("/.gitconfig") || text == ".gitconfig" || text.hasSuffix("/.config/git/config") { return true }
        return text.hasSuffix("/.ssh/config") || text == ".ssh/config" || text == "/etc/gitconfig"
            || text.hasPrefix("/etc/ssh/ssh_config")
    }

    static let rules: [Rule] = [
        Rule(.configRunsCommands) { invocation in
            guard let target = invocation.written.first(where: runsCommandsLater) else { return nil }
            return "\(invocation.program) changes \(target.original), whose settings can run commands later"
        },
        Rule(.auditDisable, programs: ["auditctl", "setenforce", "aa-teardown", "aa-disable", "aa-complain"]) {
            invocation in
            let operands = invocation.operands.map(\.text)
            switch invocation.program {
            case "auditctl":
                let disables = invocation.words.indices.contains { index in
                    let word = invocation.words[index].text
                    return word == "-D"
                        || (word == "-e" && invocation.words.indices.contains(index + 1)
                            && invocation.words[index + 1].text == "0")
                        || word == "-e0"
                }
                return disables
                    ? "auditctl \(invocation.arguments.joined(separator: " ")) switches off or clears kernel auditing" : nil
            case "setenforce":
                return operands.first.map { ["0", "permissive", "Permissive"].contains($0) } == true
                    ? "setenforce 0 switches SELinux enforcement off" : nil
            default:
                return "\(invocation.program) switches AppArmor protection off"
            }
        },
        Rule(.logsDelete, programs: ["journalctl", "logrotate"]) { invocation in
            if invocation.program == "logrotate" {
                return invocation.hasFlag("f", long: ["--force"]) ? "logrotate -f rotates (and may delete) logs now" : nil
            }
            let deleting = invocation.words.first { word in
                ["--vacuum-time", "--vacuum-size", "--vacuum-files", "--rotate"].contains {
                    Invocation.abbreviates(word.text.split(separator: "=").first.map(String.init) ?? word.text, $0)
                }
            }
            return deleting.map { "journalctl \($0.text) deletes or rotates the system logs, an audit trail" }
        },
        Rule(.privilegeSetuidInstall, programs: ["install"]) { invocation in
            guard let mode = invocation.optionValues(short: ["-m"], long: ["--mode"]).first?.text else { return nil }
            let digits = mode.filter(\.isNumber)
            let setuid = (digits.count == 4 && digits.first.map { $0 != "0" } == true) || mode.contains("s")
            return setuid ? "install -m \(mode) creates a setuid/setgid program" : nil
        },
        Rule(.privilegeCapabilities, programs: ["setcap"]) { invocation in
            invocation.hasFlag("v") ? nil : "setcap gives a program privileges that outlive this command"
        },
        Rule(.accountsGroupChange, programs: ["gpasswd"]) { invocation in
            invocation.words.isEmpty
                ? nil : "gpasswd \(invocation.arguments.joined(separator: " ")) changes group membership or passwords"
        },
        Rule(.networkShellListener, programs: ["telnetd", "tmate", "ttyd", "gotty", "shellinaboxd"]) { invocation in
            "\(invocation.program) offers a shell on this machine to the network"
        },
        Rule(
            .networkTunnel,
            programs: ["ngrok", "cloudflared", "localtunnel", "lt", "bore", "frpc", "chisel"]
        ) { invocation in
            invocation.onlyAsksForHelp ? nil : "\(invocation.program) exposes ports of this machine to the internet"
        },
        Rule(
            .networkFileServer,
            programs: InterpreterRules.pythons.union(["php", "ruby", "busybox", "httpd"])
        ) { invocation in
            let module = invocation.optionValues(short: ["-m"]).first?.text
            if module == "http.server" || module == "SimpleHTTPServer" || module == "pyftpdlib" {
                return "python -m \(module!) serves files to the network"
            }
            if invocation.program == "php", invocation.words.contains(where: { $0.text == "-S" || $0.text.hasPrefix("-S") }) {
                return "php -S serves files to the network"
            }
            if invocation.program == "ruby", invocation.words.contains(where: { $0.text == "-run" }) {
                return "ruby -run -e httpd serves files to the network"
            }
            return nil
        },
        Rule(.networkRemoteForward, programs: ["ssh"]) { invocation in
            invocation.hasFlag("R")
                || invocation.optionValues(short: ["-o"]).contains { $0.text.lowercased().hasPrefix("remoteforward") }
                ? "ssh -R opens a port elsewhere that leads into this machine" : nil
        },
        Rule(.envCodeInjectionRead, programs: ["read", "mapfile", "readarray", "printf", "getopts"]) { invocation in
            // `read LD_PRELOAD <<< /tmp/x.so`: a value the policy never sees, in a variable that loads code.
            let names = invocation.operands.map(\.text) + invocation.optionValues(short: ["-v"]).map(\.text)
            let injected = names.first {
                EnvironmentRules.injecting.contains($0) || EnvironmentRules.namesCommand($0) || $0 == "PATH"
                    || $0 == "LD_LIBRARY_PATH"
            }
            return injected.map {
                "\(invocation.program) sets \($0) to a value the policy cannot see; it decides which code later commands load or run"
            }
        },
        Rule(.helmPostRenderer, programs: ["helm"]) { invocation in
            invocation.optionValues(long: ["--post-renderer"]).first.map { "helm --post-renderer runs \($0.text)" }
        },
        Rule(.buildUnseenRecipes, programs: ["make", "gmake", "bmake"]) { invocation in
            let files = invocation.optionValues(short: ["-f"], long: ["--file", "--makefile"]).map(\.text)
            if let file = files.first(where: Wrappers.stdinPaths.contains) {
                return "make -f \(file) runs recipes read from standard input"
            }
            if let shell = invocation.words.first(where: { $0.text.hasPrefix("SHELL=") || $0.text.hasPrefix(".SHELLFLAGS=") }) {
                return "make \(shell.text) replaces the shell every recipe runs with"
            }
            return nil
        },
    ]
}
