/// Destructive verbs of more operations tools (from the session-2 red-team pass): database
/// admins, object-store syncers, hypervisors and container managers, process managers, web and
/// database servers' control programs, and filesystem repair.
enum ServiceToolRules {
    /// Program → the operands that delete, stop or overwrite something.
    static let destructiveVerbs: NameTable<NameSet> = [
        "mysqladmin": ["drop", "shutdown", "kill", "password", "flush-logs", "purge"],
        "rclone": ["purge", "delete", "deletefile", "rmdir", "rmdirs", "sync", "move", "moveto", "cleanup", "dedupe", "bisync"],
        "s3cmd": ["del", "rm", "rb", "sync", "mv", "delete"],
        "mc": ["rm", "rb", "mirror", "mv"],
        "virsh": [
            "destroy", "undefine", "shutdown", "reboot", "reset", "vol-delete", "vol-wipe", "pool-destroy", "pool-delete",
            "pool-undefine", "snapshot-delete", "managedsave-remove", "detach-disk", "detach-interface", "net-destroy",
            "net-undefine",
        ],
        "lxc": ["delete", "stop", "restart", "rm"], "incus": ["delete", "stop", "restart", "rm"],
        "pm2": ["delete", "del", "stop", "kill", "restart", "reload", "flush"],
        "supervisorctl": ["stop", "restart", "shutdown", "remove", "update", "reload"],
        "apachectl": ["stop", "graceful-stop", "restart"], "apache2ctl": ["stop", "graceful-stop", "restart"],
        "pg_ctl": ["stop", "restart", "promote", "kill"], "pg_ctlcluster": ["stop", "restart", "promote"],
        "nomad": ["stop", "purge"], "consul": ["leave", "force-leave"], "vault": ["delete", "destroy", "revoke", "seal"],
    ]

    /// Programs that always change something.
    static let alwaysChanging: NameTable<String> = [
        "pg_dropcluster": "deletes a PostgreSQL cluster", "lxc-destroy": "deletes a container", "lxc-stop": "stops a container",
        "xfs_repair": "repairs (and may discard) filesystem metadata", "tune2fs": "changes filesystem parameters",
    ]

    static let rules: [Rule] = [
        Rule(.servicesToolDestructive, programs: destructiveVerbs.keys) { invocation in
            guard let verbs = destructiveVerbs[invocation.program] else { return nil }
            let operands = invocation.call?.operands ?? []
            guard let verb = operands.first(where: verbs.contains) else { return nil }
            return "\(invocation.program) \(verb) deletes, stops or overwrites what it manages"
        },
        Rule(.servicesToolChanges, programs: alwaysChanging.keys) { invocation in
            if invocation.onlyAsksForHelp || (invocation.program == "tune2fs" && invocation.hasFlag("l")) { return nil }
            return alwaysChanging[invocation.program].map { "\(invocation.program) \($0)" }
        },
        Rule(.servicesServerStop, programs: ["nginx", "httpd", "apache2", "haproxy", "caddy"]) {
            invocation in
            guard
                let signal = invocation.optionValues(short: ["-s"]).first?.text
                    ?? (invocation.operands.first.map(\.text).flatMap { ["stop"].contains($0) ? $0 : nil })
            else { return nil }
            return ["stop", "quit"].contains(signal) ? "\(invocation.program) -s \(signal) stops the server" : nil
        },
        Rule(.processKillByFile, programs: ["fuser"]) { invocation in
            invocation.hasFlag("k", long: ["--kill"]) ? "fuser -k kills every process using those files or mounts" : nil
        },
        Rule(
            .disksRepair,
            programs: ["e2fsck", "fsck", "fsck.ext4", "fsck.ext3", "fsck.ext2", "fsck.xfs", "fsck.vfat", "dosfsck"]
        ) { invocation in
            invocation.hasFlag("y") || invocation.hasFlag("p") || invocation.hasFlag("a") || invocation.hasFlag("f")
                ? "\(invocation.program) repairs a filesystem in place" : nil
        },
        Rule(.interpreterEditorEval, programs: ["emacs", "emacsclient", "vim", "nvim", "vi", "ex"]) {
            invocation in
            let evaluates = invocation.words.contains {
                ["--eval", "-eval", "--batch", "-batch", "--script", "-l", "--load", "-x"].contains($0.text)
                    || $0.text.hasPrefix("--eval=")
            }
            return evaluates && ["emacs", "emacsclient"].contains(invocation.program)
                ? "\(invocation.program) runs Emacs Lisp, which can run any command" : nil
        },
    ]
}
