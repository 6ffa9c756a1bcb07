/// Renders the sandbox's `sshd_config`. sshd keeps the first value it reads for a keyword, so
/// the sandbox's own lines come first and the caller's extra lines last.
enum SSHDConfig {
    static let sftpServerPath = "/usr/lib/openssh/sftp-server"

    static func render(
        layout: SandboxLayout, port: Int, account: String,
        options: SandboxOptions
    ) -> String {
        var lines = [
            "ListenAddress \(options.listener.address)",
            "Port \(port)",
            "HostKey \(layout.hostKey)",
            "PidFile \(layout.pidFile)",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "AuthorizedKeysFile \(layout.authorizedKeys)",
            // StrictModes walks every parent of authorized_keys and refuses group- or
            // world-writable ones; /tmp (mode 1777) always fails that walk ("bad ownership or
            // modes for directory /tmp"). The sandbox directory itself is 0711 and root-owned.
            "StrictModes no",
            "PermitRootLogin no",
            "AllowUsers \(account)",
            "Subsystem sftp \(sftpServerPath)",
            "MaxSessions \(options.maxSessions)",
            // Parallel tests open many connections at once; sshd's default 10:30:100 would
            // randomly drop some of them before authentication.
            "MaxStartups 100:30:200",
            "LogLevel VERBOSE",
            "PrintMotd no",
            "PrintLastLog no",
            "X11Forwarding no",
        ]
        if let command = options.forceCommand {
            lines.append("ForceCommand \(command)")
        }
        lines += options.extraConfig
        return lines.joined(separator: "\n") + "\n"
    }
}
