/// The guardrail itself: sshd's configuration, the account's keys and start-up files, the enforcer,
/// credentials databases and the shell history. No confirmation can unlock tampering with these.
enum GuardrailRules {
    static let startupFiles: NameSet = [
        ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zshenv", ".zprofile",
        ".zlogin", ".zlogout", ".kshrc", ".mkshrc", ".cshrc", ".tcshrc", ".login", ".inputrc", ".bash_aliases",
    ]
    static let historyFiles: NameSet = [
        ".bash_history", ".zsh_history", ".history", ".sh_history", ".ash_history", ".python_history", ".lesshst",
    ]
    static let systemFiles: NameSet = [
        "/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/sudoers", "/etc/profile", "/etc/bash.bashrc",
        "/etc/environment", "/etc/ld.so.preload", "/etc/ssh/sshrc", "/etc/security/access.conf", "/etc/nsswitch.conf",
    ]
    static let systemPrefixes = [
        "/etc/ssh/sshd_config", "/etc/sudoers.d/", "/etc/pam.d/", "/etc/profile.d/", "/etc/ssh-for-agents",
        "/usr/local/bin/ssh-for-agents",
        "/usr/bin/ssh-for-agents", "/var/log/ssh-for-agents", "/usr/local/lib/ssh-for-agents", "/opt/ssh-for-agents",
        "/etc/security/",
    ]

    static func isProtected(_ facts: PathFacts) -> Bool { reason(facts) != nil }

    static func why(_ facts: PathFacts) -> String { reason(facts) ?? "guardrail" }

    private static func reason(_ facts: PathFacts) -> String? {
        let text = facts.absolutePath ?? facts.original
        let name = text.split(separator: "/").last.map(String.init) ?? text
        if text.hasSuffix("/.ssh/authorized_keys") || text.hasSuffix("/.ssh/authorized_keys2") || text == ".ssh/authorized_keys"
            || name == "authorized_keys"
        {
            return "the SSH keys allowed to log in"
        }
        if text.hasSuffix("/.ssh/rc") || text.hasSuffix("/.ssh/environment") || text == ".ssh/rc" || text == ".ssh/environment" {
            return "code and environment sshd applies at login"
        }
        if startupFiles.contains(name), facts.absolutePath.map({ $0.hasPrefix("/home/") || $0.hasPrefix("/root/") }) ?? true {
            return "a shell start-up file"
        }
        if historyFiles.contains(name) { return "the shell history, an audit trail" }
        if let path = facts.absolutePath {
            if systemFiles.contains(path) { return "an account or login configuration file" }
            if systemPrefixes.contains(where: { path.hasPrefix($0) }) { return "sshd, sudo, PAM or ssh-for-agents configuration" }
        }
        return nil
    }

    static let rules: [Rule] = [
        Rule(.guardrailTamper) { invocation in
            if let target = invocation.written.first(where: isProtected) {
                return "\(invocation.program) changes \(target.original), which guards this account (\(why(target)))"
            }
            return nil
        },
        Rule(.guardrailHomeMove, programs: ["mv", "rm", "unlink"]) { invocation in
            let operands = invocation.program == "mv" ? Array(invocation.operands.dropLast()) : invocation.operands
            let moved = invocation.paths(operands).first { facts in
                guard let path = facts.absolutePath else { return false }
                return path == PathFacts.home || path == "/root" || path.hasSuffix("/.ssh")
                    || (path.hasPrefix("/home/") && path.split(separator: "/").count == 2)
            }
            return moved.map { "\(invocation.program) \($0.original) takes away a home directory or its .ssh keys" }
        },
        Rule(.guardrailHistoryUnset, programs: ["unset"]) { invocation in
            invocation.operands.contains { $0.text == "HISTFILE" }
                ? "unset HISTFILE stops the shell history, an audit trail" : nil
        },
        Rule(.guardrailSshdStop, programs: ["systemctl", "service"]) { invocation in
            let operands = invocation.operands.map(\.text)
            let stopping: NameSet = ["stop", "disable", "mask", "kill", "isolate"]
            guard operands.contains(where: stopping.contains) else { return nil }
            let unit = operands.first {
                ["ssh", "sshd", "ssh.service", "sshd.service", "ssh.socket", "openssh-server"].contains($0)
            }
            return unit.map { "stopping \($0) cuts off every SSH session, including this one" }
        },
        Rule(.guardrailHistory, programs: ["history"]) { invocation in
            let clearing = invocation.words.first { $0.text == "-c" || $0.text == "-d" || $0.text == "-w" || $0.text == "-r" }
            return clearing.map { "history \($0.text) erases or rewrites the shell history, an audit trail" }
        },
    ]
}
