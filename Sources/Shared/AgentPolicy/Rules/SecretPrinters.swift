/// Secrets that are not files: commands that print key material or credentials (OpenPGP secret
/// key exports, cloud CLIs' token and credential exports, secret stores' reads, Kubernetes
/// secrets as YAML/JSON). Reading one needs confirmation (`secrets.read`); sending what one prints
/// over the network is exfiltration (`secrets.exfiltration`).
enum SecretPrinters {
    /// What the command prints, when it prints secret material; nil otherwise.
    /// The programs this file knows: every other program is passed over before any parsing.
    static let printers: NameSet = [
        "gpg", "gpg2", "gpgsm", "aws", "gcloud", "az", "kubectl", "oc", "vault", "pass", "gopass", "op", "bw", "gh", "glab",
        "heroku", "secret-tool", "security", "wg", "keyctl",
    ]

    static func secretPrinted(by invocation: Invocation) -> String? {
        guard printers.contains(invocation.program) || invocation.program.hasPrefix("docker-credential-") else { return nil }
        let texts = invocation.words.map(\.text)
        let call = invocation.call
        let verb = call?.verb ?? ""
        let sub = call?.subverb ?? call?.operands.dropFirst().first ?? ""
        switch invocation.program {
        case "gpg", "gpg2", "gpgsm":
            // Exact names: `--export` (public keys) would abbreviate `--export-secret-keys`.
            let exports = invocation.hasFlag(
                long: [
                    "--export-secret-keys", "--export-secret-key", "--export-secret-subkeys", "--export-secret-subkey",
                    "--export-secret-key-p12",
                ], abbreviated: false)
            return exports ? "OpenPGP secret keys" : nil
        case "aws":
            switch (verb, sub) {
            case ("configure", "export-credentials"): return "the AWS credentials"
            case ("configure", "get"):
                let key = call?.operands.dropFirst(2).first?.lowercased() ?? ""
                return key.containsText("secret") || key.containsText("token") ? "the AWS secret \(key)" : nil
            case ("secretsmanager", "get-secret-value"), ("ecr", "get-login-password"), ("sts", "get-session-token"),
                ("sts", "assume-role"), ("iam", "create-access-key"), ("ecr-public", "get-login-password"):
                return "AWS credentials or secrets (\(verb) \(sub))"
            case ("ssm", "get-parameter"), ("ssm", "get-parameters"), ("ssm", "get-parameters-by-path"):
                return texts.contains("--with-decryption") ? "decrypted SSM parameters" : nil
            default: return nil
            }
        case "gcloud":
            let path = call?.operands.prefix(4).joined(separator: " ") ?? ""
            let printers = [
                "auth print-access-token", "auth print-identity-token", "auth application-default print-access-token",
                "secrets versions access", "sql generate-login-token", "iam service-accounts keys create",
            ]
            return printers.first { path.hasPrefix($0) }.map { "Google Cloud credentials or secrets (\($0))" }
        case "az":
            let path = call?.operands.prefix(4).joined(separator: " ") ?? ""
            let printers = [
                "account get-access-token", "keyvault secret show", "keyvault secret download", "keyvault key download",
                "storage account keys list", "acr login", "ad sp credential reset",
            ]
            guard let found = printers.first(where: { path.hasPrefix($0) }) else { return nil }
            if found == "acr login", !texts.contains("--expose-token") { return nil }
            return "Azure credentials or secrets (\(found))"
        case "kubectl", "oc":
            if verb == "get", let resource = call?.arguments.first(where: { !$0.text.hasPrefix("-") })?.text.lowercased(),
                ["secret", "secrets"].contains(resource.split(separator: "/").first.map(String.init) ?? resource)
                    || resource.hasPrefix("secret/") || resource.hasPrefix("secrets/")
            {
                let output = invocation.optionValues(short: ["-o"], long: ["--output"]).first?.text ?? ""
                return output.isEmpty || output == "wide" || output == "name" ? nil : "Kubernetes secrets (-o \(output))"
            }
            if verb == "config", sub == "view", texts.contains(where: { $0 == "--raw" || $0.hasPrefix("--flatten") }) {
                return "the kubeconfig's keys and tokens (config view --raw)"
            }
            if verb == "create", sub == "token" { return "a service-account token" }
            return nil
        case "vault":
            if ["read"].contains(verb) || (verb == "kv" && ["get", "export"].contains(sub))
                || (verb == "token" && sub == "create")
            {
                return "Vault secrets (\(call?.fullVerb ?? verb))"
            }
            return nil
        case "pass", "gopass":
            let reading = ["show", "cat", "otp"].contains(verb) || (call != nil && !passVerbs.contains(verb))
            return reading && !texts.contains(where: { $0 == "-c" || $0 == "--clip" }) ? "a password store entry" : nil
        case "op":
            return ["read", "inject"].contains(verb) || (["item", "document"].contains(verb) && sub == "get")
                ? "1Password secrets (\(verb) \(sub))" : nil
        case "bw":
            return verb == "export" || (verb == "get" && ["password", "item", "notes", "totp"].contains(sub))
                ? "Bitwarden secrets (\(verb) \(sub))" : nil
        case "gh", "glab":
            return verb == "auth" && sub == "token" ? "the \(invocation.program) login token" : nil
        case "heroku":
            return verb == "auth:token" ? "the Heroku login token" : nil
        case "secret-tool":
            return verb == "lookup" ? "a keyring secret" : nil
        case "security":
            return verb.hasPrefix("find-") && verb.hasSuffix("-password") && texts.contains("-w") ? "a keychain password" : nil
        case "wg":
            return (verb == "show" && texts.contains("private-key")) || verb == "showconf" ? "WireGuard private keys" : nil
        case "keyctl":
            return ["print", "pipe", "read"].contains(verb) ? "a kernel keyring secret" : nil
        default:
            if invocation.program.hasPrefix("docker-credential-"), verb == "get" { return "registry credentials" }
            return nil
        }
    }

    /// `pass` verbs that are not reads; any other first operand is an entry name (`pass web/github`).
    static let passVerbs: NameSet = [
        "init", "ls", "list", "find", "search", "grep", "insert", "add", "edit", "generate", "rm", "remove", "delete", "mv",
        "rename", "cp", "copy", "git", "help", "version", "sync", "setup", "config", "mounts", "recipients", "audit",
        "fsck", "clone", "templates", "create", "new", "update", "env",
    ]
}
