/// Programs that open this machine to the network, found through GTFOBins: small web servers
/// that serve a directory (`busybox httpd -h .`, `kubectl proxy --www=DIR`), remote-access
/// tunnels (`code tunnel`), control sockets that take commands (`fzf --listen`), and file
/// clients whose command scripts upload local files (`smbclient -c 'put FILE'`).
enum ExposureRules {
    /// Servers whose whole job is to serve files from a directory.
    static let fileServers: NameSet = [
        "httpd", "darkhttpd", "webfsd", "thttpd", "mini_httpd", "miniserve", "http-server", "updog", "ftpd", "tftpd",
        "in.tftpd", "in.ftpd", "simple-http-server",
    ]
    /// Clients that run a command script (`-c 'put F'`), and the options that carry it.
    static let scriptedClients: NameTable<(short: [String], long: [String])> = [
        "smbclient": (["-c"], ["--command"]), "lftp": (["-c", "-e"], []), "tftp": (["-c"], []),
    ]

    static let rules: [Rule] = [
        Rule(.networkFileServer, programs: fileServers.union(["kubectl", "oc"])) { invocation in
            if invocation.program == "kubectl" || invocation.program == "oc" {
                guard invocation.call?.verb == "proxy" else { return nil }
                let serving = invocation.words.contains { $0.text.hasPrefix("--www") || $0.text == "-w" }
                let open = invocation.optionValues(long: ["--address"]).contains {
                    !["127.0.0.1", "localhost", "::1"].contains($0.text)
                }
                return serving || open ? "\(invocation.program) proxy serves files or the cluster's API to the network" : nil
            }
            let asks = ["-h", "--help", "-v", "-V", "--version", "-t"]
            if invocation.words.count == 1, asks.contains(invocation.words[0].text) { return nil }
            return "\(invocation.program) serves files from this machine to the network"
        },
        Rule(.networkShellListener, programs: ["code", "code-insiders", "code-tunnel", "fzf"]) { invocation in
            if invocation.program == "fzf" {
                let listen = invocation.words.first { $0.text.hasPrefix("--listen") }
                return listen.map { "fzf \($0.text) takes actions, commands among them, from a network socket" }
            }
            guard let verb = invocation.operands.first?.text, verb == "tunnel" || invocation.program == "code-tunnel" else {
                return nil
            }
            let sub = invocation.operands.dropFirst().first?.text ?? ""
            let managing: NameSet = ["status", "kill", "prune", "unregister", "rename", "user", "help"]
            if managing.contains(sub) || invocation.words.contains(where: { $0.text == "--help" || $0.text == "-h" }) {
                return nil
            }
            return "\(invocation.program) tunnel opens a remote terminal on this machine to whoever signs in"
        },
        // `python3 -m http.server -d ~/.ssh`: the served directory is itself a secret one, so anyone
        // who connects can fetch the keys. (A broad root such as `/` stays a file-server confirmation.)
        Rule(
            .secretsExfiltration,
            programs: fileServers.union(InterpreterRules.pythons).union(["php", "ruby", "busybox", "kubectl", "oc"])
        ) { invocation in
            guard servesFiles(invocation) else { return nil }
            var served = invocation.optionValues(
                short: ["-d", "-h", "-t", "-r", "-w"], long: ["--directory", "--root", "--docroot", "--www", "--dir"])
            if fileServers.contains(invocation.program) { served += invocation.operands }
            let secret = invocation.paths(served).first(where: SecretRules.isSecret)
            return secret.map { "\(invocation.program) serves \($0.original), a secret, to the network" }
        },
        Rule(.secretsExfiltration, programs: scriptedClients.keys) { invocation in
            let secret = uploads(of: invocation).first(where: SecretRules.isSecret)
            return secret.map { "\(invocation.program) uploads \($0.original), which holds secrets" }
        },
        Rule(.networkUpload, programs: scriptedClients.keys) { invocation in
            let files = uploads(of: invocation)
            return files.isEmpty
                ? nil : "\(invocation.program) uploads \(files.map(\.original).joined(separator: ", ")) to another machine"
        },
    ]

    /// A file server, or an interpreter or tool started as one (`python3 -m http.server`,
    /// `php -S`, `ruby -run -e httpd`, `busybox httpd`, `kubectl proxy`).
    static func servesFiles(_ invocation: Invocation) -> Bool {
        let words = invocation.words.map(\.text)
        switch invocation.program {
        case "php": return words.contains { $0.hasPrefix("-S") }
        case "ruby": return words.contains("-run")
        case "busybox": return words.first == "httpd"
        case "kubectl", "oc": return invocation.call?.verb == "proxy"
        default:
            if fileServers.contains(invocation.program) { return true }
            let module = invocation.optionValues(short: ["-m"]).first?.text ?? ""
            return ["http.server", "SimpleHTTPServer", "pyftpdlib"].contains(module)
        }
    }

    /// The local files a client's command script sends: `put LOCAL [REMOTE]`, `mput FILES`.
    static func uploads(of invocation: Invocation) -> [PathFacts] {
        guard let entry = scriptedClients[invocation.program] else { return [] }
        var files: [Word] = []
        for script in invocation.optionValues(short: entry.short, long: entry.long) {
            for command in script.text.split(whereSeparator: { $0 == ";" || $0 == "\n" }) {
                let words = command.split(separator: " ").map(String.init)
                guard let verb = words.first?.lowercased() else { continue }
                switch verb {
                case "put", "reput", "append": if words.count > 1 { files.append(Word(text: words[1])) }
                case "mput": files += words.dropFirst().filter { !$0.hasPrefix("-") }.map { Word(text: $0) }
                default: continue
                }
            }
        }
        return invocation.paths(files)
    }
}
