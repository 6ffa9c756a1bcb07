/// The destructive verbs of common operations tools.
enum OpsToolRules {
    static let rules: [Rule] = [
        Rule(
            .containersDestructive,
            programs: ["docker", "podman", "nerdctl", "docker-compose", "podman-compose"]
        ) { invocation in
            // Global options with values come before the verb: `docker --context prod volume rm`.
            guard let call = invocation.call else { return nil }
            let destructiveTop: NameSet = ["rm", "rmi", "kill", "stop", "restart", "prune", "down", "pause", "update"]
            let destructiveSecond: NameSet = [
                "rm", "remove", "prune", "kill", "stop", "restart", "down", "rmi", "leave", "update",
            ]
            if destructiveTop.contains(call.verb) {
                return "\(invocation.program) \(call.verb) removes or stops containers or images"
            }
            if let sub = call.subverb, destructiveSecond.contains(sub) {
                return "\(invocation.program) \(call.verb) \(sub) removes or stops \(call.verb)s"
            }
            return nil
        },
        Rule(.containersHostEscape, programs: ["docker", "podman", "nerdctl", "ctr"]) { invocation in
            guard let call = invocation.call,
                call.verb == "run" || call.verb == "create"
                    || (call.verb == "container" && ["run", "create"].contains(call.subverb))
            else { return nil }
            if invocation.words.contains(where: { $0.text == "--privileged" }) {
                return "\(invocation.program) run --privileged gives the container full control of the host"
            }
            for volume in invocation.optionValues(short: ["-v"], long: ["--volume", "--mount"]) {
                let source =
                    volume.text.hasPrefix("type=")
                    ? (volume.text.split(separator: ",").first { $0.hasPrefix("source=") || $0.hasPrefix("src=") }.map {
                        String($0.split(separator: "=", maxSplits: 1).last ?? "")
                    } ?? "") : String(volume.text.split(separator: ":").first ?? "")
                let facts = PathFacts(Word(text: source))
                if let path = facts.absolutePath,
                    path == "/" || ["/etc", "/root", "/var/run/docker.sock", "/run/docker.sock", "/boot", "/dev"].contains(path)
                {
                    return "\(invocation.program) run mounts the host's \(path) into a container, which escapes every guard"
                }
            }
            for option in ["--pid=host", "--net=host --privileged", "--userns=host", "--cap-add=ALL", "--cap-add=SYS_ADMIN"]
            where invocation.words.contains(where: { $0.text == option }) {
                return "\(invocation.program) run \(option) breaks container isolation"
            }
            return nil
        },
        Rule(.kubernetesDestructive, programs: ["kubectl", "oc", "helm"]) { invocation in
            let verbs: NameSet =
                invocation.program == "helm"
                ? ["uninstall", "delete", "rollback", "upgrade", "install"]
                : [
                    "delete", "drain", "cordon", "uncordon", "taint", "replace", "scale", "rollout", "patch", "apply", "edit",
                    "set", "label", "annotate", "create", "expose", "run",
                ]
            guard let call = invocation.call, verbs.contains(call.verb) else { return nil }
            let verb = call.verb
            // A client-side or server-side dry run changes nothing; `--dry-run=none` (or `false`) is
            // a real run, and nothing after `--` is an option.
            let options = invocation.words.prefix { $0.text != "--" }.map(\.text)
            if options.contains(where: { ["--dry-run", "--dry-run=client", "--dry-run=server", "--dry-run=true"].contains($0) }) {
                return nil
            }
            if verb == "rollout", ["status", "history"].contains(call.subverb ?? "") {
                return nil
            }
            return "\(invocation.program) \(verb) changes the cluster"
        },
        Rule(.cloudDestructive, programs: ["aws", "gcloud", "az", "doctl", "gsutil"]) { invocation in
            guard let operands = invocation.call?.operands else { return nil }
            if invocation.program == "aws", operands.first == "s3", let verb = operands.dropFirst().first,
                ["rm", "rb", "mv", "sync"].contains(verb)
            {
                return "aws s3 \(verb) deletes or overwrites objects"
            }
            if invocation.program == "gsutil", let verb = operands.first, ["rm", "rb", "mv", "rsync"].contains(verb) {
                return "gsutil \(verb) deletes or overwrites objects"
            }
            let destructiveWords = [
                "delete", "terminate", "destroy", "remove", "stop", "purge", "deregister", "detach", "disable", "reset", "reboot",
                "revoke",
            ]
            if let verb = operands.first(where: { operand in
                destructiveWords.contains { operand.hasPrefix($0) || operand.contains("-" + $0) }
            }) {
                return "\(invocation.program) \(verb) deletes or stops cloud resources"
            }
            return nil
        },
        Rule(
            .infrastructureDestroy,
            programs: ["terraform", "tofu", "pulumi", "cdk", "ansible-playbook", "vagrant"]
        ) { invocation in
            let operands = invocation.call?.operands ?? []
            let destructive: NameSet = ["destroy", "apply", "up", "import", "taint", "state", "deploy", "halt"]
            // `terraform state list/show/pull` only read the state.
            if operands.first == "state", ["list", "show"].contains(operands.dropFirst().first ?? "") { return nil }
            if operands.first == "state", operands.dropFirst().first == "pull" {
                return "terraform state pull prints the whole state, secrets in plain text"
            }
            if let verb = operands.first(where: destructive.contains) {
                return "\(invocation.program) \(verb) changes real infrastructure"
            }
            if invocation.program == "ansible-playbook",
                !invocation.hasFlag("C", long: ["--check", "--syntax-check", "--list-tasks", "--list-hosts"], abbreviated: false)
            {
                return "ansible-playbook changes the hosts it targets"
            }
            return nil
        },
        Rule(.backupDestructive, programs: ["borg", "restic", "kopia"]) { invocation in
            let verbs: NameSet = [
                "delete", "prune", "compact", "forget", "recreate", "break-lock", "rdelete", "repo-delete", "key",
            ]
            let operands = invocation.call?.operands ?? []
            let verb = operands.first(where: verbs.contains)
            if verb == nil, operands.first == "check", invocation.hasFlag(long: ["--repair"]) {
                return "\(invocation.program) check --repair rewrites the repository"
            }
            return verb.map { "\(invocation.program) \($0) deletes backups" }
        },
        Rule(
            .databasesDestructive,
            programs: [
                "dropdb", "dropuser", "redis-cli", "mongo", "mongosh", "mysql", "mariadb", "psql", "sqlite3", "clickhouse-client",
            ]
        ) { invocation in
            if invocation.program == "dropdb" || invocation.program == "dropuser" {
                return "\(invocation.program) deletes a database object"
            }
            let text = (invocation.arguments + [invocation.inlineInput ?? ""]).joined(separator: " ").lowercased()
            let statements = ["drop ", "truncate ", "delete from", "alter table", "drop\t", "update "]
            if ["mysql", "mariadb", "psql", "sqlite3", "clickhouse-client"].contains(invocation.program) {
                return statements.first(where: text.containsText).map {
                    "\(invocation.program) runs SQL that deletes or changes data (\($0.trimmingSpaces()))"
                }
            }
            return text.containsText("flushall") || text.containsText("flushdb") || text.containsText("dropdatabase")
                ? "\(invocation.program) deletes data (\(text))" : nil
        },
    ]
}
