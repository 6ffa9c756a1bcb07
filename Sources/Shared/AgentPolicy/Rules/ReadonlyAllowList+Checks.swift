/// The read-only checks the allow-list table refers to by name: container and cluster verbs,
/// HEAD-only HTTP, package and cloud listings, git's display-only verbs and settings.
extension ReadonlyAllowList {
    static let containerReadOnly: Check = { invocation in
        verbs(
            invocation,
            allowed: [
                "ps", "images", "logs", "inspect", "version", "info", "stats", "top", "port", "history", "diff", "events",
                "search", "container ls", "container ps", "container list", "container inspect", "container logs",
                "container top", "container port", "container diff", "container stats", "image ls", "image list",
                "image inspect", "image history", "volume ls", "volume list", "volume inspect", "network ls", "network list",
                "network inspect", "system df", "system info", "system events", "context ls", "context list", "context show",
                "context inspect", "compose ps", "compose ls", "compose logs", "compose images",
                "compose top", "compose version", "node ls", "node inspect", "node ps", "service ls", "service inspect",
                "service logs", "service ps", "stack ls", "stack ps", "stack services", "buildx ls", "buildx inspect",
                "secret ls", "secret inspect", "config ls", "config inspect", "plugin ls", "manifest inspect", "pod ps",
                "pod ls", "pod inspect", "machine list", "machine ls", "machine inspect",
            ])
    }

    static let kubernetesReadOnly: Check = { invocation in
        // `cluster-info dump --output-directory` writes files; `--raw` config views print keys.
        if invocation.words.contains(where: { $0.text.hasPrefix("--output-directory") }) {
            return "\(invocation.program) --output-directory writes files"
        }
        return verbs(
            invocation,
            allowed: [
                "get", "describe", "logs", "top", "version", "explain", "api-resources", "api-versions", "cluster-info",
                "config view", "config get-contexts", "config current-context", "config get-clusters", "config get-users",
                "auth can-i", "auth whoami", "events", "rollout status", "rollout history", "whoami", "status",
            ])
    }

    static let partitionListing: Check = { invocation in
        DiskRules.onlyLists(invocation) ? nil : "\(invocation.program) other than listing edits partition tables"
    }

    static let versionOnly: Check = { invocation in
        invocation.words.count == 1 && ["--version", "-V", "-v", "version"].contains(invocation.words[0].text)
            ? nil : "\(invocation.program) runs code"
    }

    /// `sh -c` is judged by the code it runs; a shell running a script file is not read-only.
    static let shellReadOnly: Check = { invocation in
        invocation.words.contains { $0.text.hasPrefix("-") && !$0.text.hasPrefix("--") && $0.text.contains("c") }
            ? nil : "\(invocation.program) runs a script the policy cannot see"
    }

    static let awk: Check = { invocation in
        guard let program = InterpreterRules.awkProgram(invocation) else {
            return "awk -f runs a program file the policy cannot see"
        }
        if InterpreterRules.awkCallsSystem(program) || program.contains("|") || InterpreterRules.awkRedirectsOutput(program) {
            return "the awk program writes files or runs commands"
        }
        return nil
    }

    static func curlOrIP(_ invocation: Invocation) -> String? {
        if invocation.program == "ip" {
            let verbs: NameSet = ["add", "del", "delete", "change", "replace", "set", "flush", "append", "prepend", "exec"]
            // `ip -b FILE` / `-batch` runs a file of ip commands the policy cannot read.
            if invocation.words.contains(where: { ["-b", "-batch", "--batch", "-force"].contains($0.text) }) {
                return "ip -batch runs commands from a file"
            }
            return invocation.operands.contains { verbs.contains($0.text) }
                ? "ip \(invocation.arguments.joined(separator: " ")) changes the network configuration" : nil
        }
        return headOnly(invocation) ? nil : "curl fetches from the network and can write files"
    }

    /// `curl -sI URL`, `curl --head -L URL`: a HEAD request whose headers go to standard output.
    /// Any option outside this list (output files, uploads, config files, cookie jars, traces)
    /// makes it more than a read.
    static func headOnly(_ invocation: Invocation) -> Bool {
        let flags = Set("IsSLkvf46gNq")
        let valuedShort = Set("mHAewxurC")
        let longFlags: NameSet = [
            "--head", "--silent", "--show-error", "--location", "--insecure", "--verbose", "--fail", "--compressed",
            "--http1.0", "--http1.1", "--http2", "--http3", "--ipv4", "--ipv6", "--globoff", "--no-progress-meter",
            "--no-buffer", "--disable", "--tlsv1.2", "--tlsv1.3", "--no-keepalive", "--path-as-is", "--location-trusted",
        ]
        let longValued: NameSet = [
            "--max-time", "--connect-timeout", "--header", "--user-agent", "--referer", "--write-out", "--proxy", "--retry",
            "--retry-delay", "--retry-max-time", "--max-redirs", "--noproxy", "--resolve", "--connect-to", "--request",
            "--user", "--range", "--cacert", "--capath", "--interface", "--tls-max",
        ]
        var head = false
        var urls = 0
        var index = 0
        let words = invocation.words.map(\.text)
        while index < words.count {
            let text = words[index]
            defer { index += 1 }
            if text.hasPrefix("--") {
                let name = String(text.split(separator: "=", maxSplits: 1)[0])
                let value =
                    text.contains("=")
                    ? String(text.drop { $0 != "=" }.dropFirst()) : (index + 1 < words.count ? words[index + 1] : "")
                if longFlags.contains(name) {
                    if name == "--head" { head = true }
                } else if longValued.contains(name) {
                    if name == "--request", value.uppercased() != "HEAD" { return false }
                    if name == "--write-out", value.containsText("%output") { return false }
                    if !text.contains("=") { index += 1 }
                } else {
                    return false
                }
            } else if text.hasPrefix("-"), text.count > 1 {
                var letters = Substring(text.dropFirst())
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    if letter == "I" { head = true }
                    if flags.contains(letter) { continue }
                    guard valuedShort.contains(letter) || letter == "X" else { return false }
                    let value = letters.isEmpty ? (index + 1 < words.count ? words[index + 1] : "") : String(letters)
                    if letter == "X", value.uppercased() != "HEAD" { return false }
                    if letter == "w", value.containsText("%output") { return false }
                    if letters.isEmpty { index += 1 }
                    break
                }
            } else {
                urls += 1
            }
        }
        return head && urls > 0
    }

    /// The verb (found by the program's entry in `ProgramTable`, so global options with values do
    /// not hide it) or the verb and the next operand must be one of the allowed verbs. A command
    /// line of options only is allowed when one of them is (`--version`) or `emptyAllowed`.
    /// yum/dnf queries; `history` only as a listing (`history undo` changes packages).
    static let packageQueries: Check = { invocation in
        let operands = invocation.operands.map(\.text)
        if operands.first == "history" {
            return operands.count <= 2 && ["list", "info", nil].contains(operands.dropFirst().first)
                ? nil : "\(invocation.program) history changes packages"
        }
        return verbs(invocation, allowed: ["list", "info", "search", "provides", "repolist", "check-update", "deplist"])
    }

    /// A cloud CLI whose command path ends in `list` (or gcloud's `describe`, `config list`) and
    /// names no secret store, so it prints resource metadata only.
    static let cloudListing: Check = { invocation in
        let path = (invocation.call?.operands ?? invocation.operands.map(\.text)).prefix(4)
        let reads: NameSet = invocation.program == "gcloud" ? ["list", "describe"] : ["list"]
        guard let verb = path.first(where: reads.contains),
            !path.contains(where: {
                $0.containsText("secret") || $0.containsText("credential") || $0 == "keys" || $0 == "keyvault"
            })
        else { return "\(invocation.program) \(path.joined(separator: " ")) is not a listing" }
        return path.last == verb || verb == "describe"
            ? nil : "\(invocation.program) \(path.joined(separator: " ")) is not a listing"
    }

    static func verbs(_ invocation: Invocation, allowed: NameSet, emptyAllowed: Bool = false) -> String? {
        guard let call = invocation.call else {
            return emptyAllowed || invocation.words.contains(where: { allowed.contains($0.text) })
                ? nil : "\(invocation.program) without a read verb"
        }
        let two = call.operands.prefix(2).joined(separator: " ")
        return allowed.contains(call.verb) || allowed.contains(two)
            ? nil : "\(invocation.program) \(call.fullVerb) is not a read-only verb"
    }

    static let gitReadOnlyVerbs: NameSet = [
        "status", "log", "diff", "show", "blame", "rev-parse", "ls-files", "ls-tree", "describe", "shortlog",
        "grep", "cat-file", "rev-list", "whatchanged", "version", "help", "count-objects", "name-rev",
        "merge-base", "for-each-ref", "show-ref", "check-ignore", "annotate", "var", "cherry", "range-diff", "ls-remote",
    ]

    /// Configuration keys that only change how git prints (never a program it runs).
    static let gitDisplayKeyPrefixes = [
        "color.", "column.", "i18n.", "log.date", "log.decorate", "log.abbrevcommit", "log.showsignature", "core.quotepath",
        "core.abbrev", "advice.", "safe.directory",
    ]

    static let gitReadOnly: Check = { invocation in
        // git's own options come before the subcommand: `git log -p` is a patch, `git -p log` a pager.
        let subcommand = GitRules.subcommand(invocation)
        let verbIndex = subcommand.map { invocation.words.count - $0.arguments.count - 1 } ?? invocation.words.count
        for (position, word) in invocation.words.enumerated() {
            let text = word.text
            if position > verbIndex, ["-p", "--paginate"].contains(text) { continue }
            let configEnv = text == "--config-env" || text.hasPrefix("--config-env=")
            if position < verbIndex, text == "-c" || (text.hasPrefix("-c") && !text.hasPrefix("--")) || configEnv {
                // `git -c color.ui=never log`: display settings run nothing; any other key may.
                let separate = text == "-c" || text == "--config-env"
                let setting =
                    separate
                    ? invocation.words.dropFirst(position + 1).first?.text
                    : String(text.dropFirst(configEnv ? "--config-env=".count : 2))
                let key = setting.map { String($0.prefix { $0 != "=" }).lowercased() } ?? ""
                if gitDisplayKeyPrefixes.contains(where: key.hasPrefix) { continue }
                return "git -c can make git run programs"
            }
            if ["-p", "--paginate", "--exec-path", "--upload-pack", "--receive-pack"].contains(text) || text.hasPrefix("--output")
                || text == "--ext-diff" || text == "--textconv" || text.hasPrefix("--exec")
            {
                return "git \(text) is not read-only"
            }
        }
        guard let (verb, arguments) = subcommand else { return nil }
        let args = arguments.map(\.text)
        if gitReadOnlyVerbs.contains(verb) { return nil }
        switch verb {
        case "branch":
            let listing: NameSet = [
                "-a", "--all", "-r", "--remotes", "-v", "-vv", "--verbose", "--list", "-l", "--show-current", "--contains",
                "--merged", "--no-merged", "--sort", "--points-at", "--format", "--column", "--no-column", "--color",
                "--no-color",
            ]
            // Values of the filtering options (`--contains X`, `--merged main`) are not branch names.
            let valued: NameSet = [
                "--contains", "--no-contains", "--merged", "--no-merged", "--points-at", "--sort", "--format",
            ]
            let names = args.enumerated().filter { index, arg in
                !arg.hasPrefix("-") && !(index > 0 && valued.contains(args[index - 1]))
            }
            let optionsListOnly = args.allSatisfy { arg in
                !arg.hasPrefix("-") || listing.contains(arg) || valued.contains { arg.hasPrefix($0 + "=") }
            }
            return (names.isEmpty && optionsListOnly) || args.first == "--list"
                ? nil : "git branch with a name creates or deletes branches"
        case "remote":
            return args.isEmpty || args == ["-v"] || args.first == "show" || args.first == "get-url" || args == ["--verbose"]
                ? nil : "git remote \(args.first ?? "") changes remotes"
        case "stash":
            return args.first == "list" || args.first == "show" ? nil : "git stash \(args.first ?? "") changes the stash"
        case "tag":
            let valued: NameSet = [
                "--contains", "--no-contains", "--merged", "--no-merged", "--points-at", "--sort", "--format",
            ]
            let listing = args.enumerated().allSatisfy { index, arg in
                arg.hasPrefix("-n") || valued.contains(arg) || valued.contains { arg.hasPrefix($0 + "=") }
                    || (index > 0 && valued.contains(args[index - 1]))
            }
            return args.isEmpty || args.first == "-l" || args.first == "--list" || listing
                ? nil : "git tag with a name creates or deletes tags"
        case "config":
            return args.contains(where: { ["--get", "--get-all", "--list", "-l", "--get-regexp", "--show-origin"].contains($0) })
                || args.first == "get" || args.first == "list" ? nil : "git config without --get changes configuration"
        case "clean":
            return GitRules.isDryRunClean(args.map { Word(text: $0) }) ? nil : "git clean deletes files"
        case "reflog":
            return args.isEmpty || args.first == "show" || args.first?.hasPrefix("-") == true
                ? nil : "git reflog \(args.first ?? "") changes the reflog"
        default:
            return "git \(verb) is not a read-only git command"
        }
    }
}
