/// Reading credentials: password hashes, private keys, `.env` files, cloud and tool tokens.
enum SecretRules {
    static let secretFiles: NameSet = [
        "/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-", "/etc/master.passwd", "/etc/security/opasswd",
    ]
    static let privateKeyNames: NameSet = [
        "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", "identity",
    ]
    static let tokenSuffixes = [
        "/.aws/credentials", "/.netrc", "/.pgpass", "/.git-credentials", "/.docker/config.json", "/.kube/config",
        "/.config/gh/hosts.yml", "/.npmrc", "/.pypirc", "/.my.cnf", "/.vault-token", "/.gnupg/private-keys-v1.d",
    ]
    /// Programs that only look at a file's name or metadata, not its content.
    static let metadataOnly: NameSet = [
        "ls", "stat", "file", "test", "[", "[[", "touch", "chmod", "chown", "chgrp", "rm", "unlink", "shred",
        "mkdir", "rmdir", "realpath", "readlink", "basename", "dirname", "du", "find", "echo", "printf", "ssh-keygen",
        "ssh-add", "ssh", "git", "wc", "cd", "pushd", "md5sum", "sha256sum", "sha1sum", "sha512sum", "cksum",
    ]

    static func isSecret(_ facts: PathFacts) -> Bool {
        let text: String
        if var path = facts.absolutePath {
            path = Self.withoutProcRoot(path)
            if secretFiles.contains(path) { return true }
            if path.hasPrefix("/etc/ssh/ssh_host_"), path.hasSuffix("_key") { return true }
            text = path
        } else {
            text = facts.original
        }
        let name = String(text.lastPathComponent)
        if privateKeyNames.contains(name) { return true }
        if text.hasPrefix("/proc/"), name == "environ" { return true }
        // The key directory itself, or a pattern inside it that can match a private key.
        if text.hasSuffix("/.ssh") || text == ".ssh" || text.hasSuffix("/.ssh/") { return true }
        if text.containsText("/.ssh/"), name.utf8.contains(where: Self.isPatternByte), !name.hasSuffix(".pub") { return true }
        if name == ".env"
            || (name.hasPrefix(".env.") && !["example", "sample", "template", "dist"].contains(where: { name.hasSuffix($0) }))
        {
            return true
        }
        if name.hasSuffix(".key") || name.hasSuffix(".ppk") || name.hasSuffix("_rsa") || name.hasSuffix("_ed25519")
            || name.hasSuffix("_ecdsa")
        {
            return true
        }
        if name.hasSuffix(".pem"), name.containsText("key") || name.containsText("priv") { return true }
        let rooted = text.hasPrefix("/") ? text : "/" + text // built once, not once per suffix
        if tokenSuffixes.contains(where: { rooted.hasSuffix($0) }) { return true }
        // A pattern the shell expands (`/etc/shado?`, `~/.ss?/id_*`) is a secret if it can match one.
        if text.utf8.contains(where: Self.isPatternByte) { return knownSecretPaths.contains { Glob.matches(text, $0) } }
        return false
    }

    /// `*`, `?` or `[`: the shell expands the word as a pattern.
    static func isPatternByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "[")
    }

    /// `/proc/self/root/etc/shadow` and `/proc/1/root/…` are the same files as `/etc/shadow`.
    static func withoutProcRoot(_ path: String) -> String {
        guard path.hasPrefix("/proc/") else { return path } // every path is checked; most are not in /proc
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[0] == "proc", parts[2] == "root",
            parts[1] == "self" || parts[1] == "thread-self" || parts[1].allSatisfy(\.isNumber)
        else { return path }
        return "/" + parts.dropFirst(3).joined(separator: "/")
    }

    /// Concrete secret paths a shell pattern is matched against.
    static let knownSecretPaths: [String] = {
        var paths = Array(secretFiles) + ["rsa", "ecdsa", "ed25519", "dsa"].map { "/etc/ssh/ssh_host_\($0)_key" }
        for home in [PathFacts.home, "/root", "~"] {
            paths += privateKeyNames.map { "\(home)/.ssh/\($0)" }
            paths += tokenSuffixes.map { home + $0 }
        }
        return paths
    }()

    /// Directories whose whole content includes secrets: an archive of one carries them.
    static func holdsSecrets(_ facts: PathFacts) -> Bool {
        guard let path = facts.absolutePath.map(withoutProcRoot) else { return false }
        if ["/", "/etc", "/root", "/home", PathFacts.home, "/etc/ssh"].contains(path) { return true }
        return path.hasPrefix("/home/") && path.split(separator: "/").count == 2
    }

    /// `env`, `printenv`, `set`, `export -p`, `declare -x` print every variable (tokens included).
    static func dumpsEnvironment(_ invocation: Invocation) -> Bool {
        switch invocation.program {
        case "env", "printenv": return invocation.operands.isEmpty
        case "set": return invocation.words.isEmpty
        case "export", "declare", "typeset": return invocation.words.allSatisfy { $0.text.hasPrefix("-") }
        case "cat", "strings", "xargs":
            return invocation.operands.contains { $0.text.hasPrefix("/proc/") && $0.text.hasSuffix("/environ") }
        default: return false
        }
    }

    static let rules: [Rule] = [
        Rule(.secretsRead) { invocation in
            if let printed = SecretPrinters.secretPrinted(by: invocation) { return "\(invocation.program) prints \(printed)" }
            guard !metadataOnly.contains(invocation.program) else { return nil }
            // What a command creates is not read: `cp .env.example .env`, `openssl … -keyout new.pem`.
            // Only programs whose written paths are pure outputs; `sed -i`/`perl -i` read what they
            // write. A path that is also given as an input still counts as read.
            let outputsOnly: NameSet = ["cp", "mv", "install", "ln", "rsync", "openssl", "touch", "mkdir"]
            let created =
                outputsOnly.contains(invocation.program)
                ? Set(invocation.written.map(\.original)).union(invocation.optionValues(long: ["-out", "-keyout"]).map(\.text))
                : []
            let words = invocation.pathLikeWords
            let read = words.filter { word in !created.contains(word.text) || words.filter({ $0.text == word.text }).count > 1 }
            let secret = invocation.paths(read).first(where: isSecret)
            return secret.map { "\(invocation.program) reads \($0.original), which holds secrets" }
        }
    ]
}
