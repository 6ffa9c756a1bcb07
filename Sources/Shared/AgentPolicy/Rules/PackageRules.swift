/// Installing, upgrading and removing software.
enum PackageRules {
    /// Package managers and the verbs of theirs that change what is installed.
    static let changingVerbs: NameTable<NameSet> = [
        "apt": [
            "install", "remove", "purge", "upgrade", "full-upgrade", "dist-upgrade", "autoremove", "autopurge", "reinstall",
            "build-dep", "satisfy",
        ],
        "apt-get": [
            "install", "remove", "purge", "upgrade", "dist-upgrade", "autoremove", "autopurge", "build-dep", "reinstall",
            "satisfy",
        ],
        "aptitude": ["install", "remove", "purge", "upgrade", "safe-upgrade", "full-upgrade", "dist-upgrade", "reinstall"],
        "dnf": [
            "install", "remove", "erase", "upgrade", "update", "downgrade", "reinstall", "autoremove", "in", "rm", "up",
            "distro-sync", "swap",
        ],
        "yum": [
            "install", "remove", "erase", "upgrade", "update", "downgrade", "reinstall", "autoremove", "localinstall", "swap",
        ],
        "microdnf": ["install", "remove", "upgrade", "update", "reinstall"],
        "zypper": ["install", "in", "remove", "rm", "update", "up", "dist-upgrade", "dup", "patch"],
        "apk": ["add", "del", "upgrade", "fix"],
        "snap": ["install", "remove", "refresh", "revert", "disable"],
        "flatpak": ["install", "uninstall", "update", "remove"],
        "brew": ["install", "uninstall", "remove", "upgrade", "reinstall", "rm"],
        "pip": ["install", "uninstall"], "pip3": ["install", "uninstall"],
        "pipx": ["install", "uninstall", "upgrade", "reinstall", "inject"],
        "uv": ["pip", "tool", "add", "remove", "sync"],
        "npm": [
            "install", "i", "add", "ci", "uninstall", "remove", "rm", "un", "update", "up", "upgrade", "link", "publish",
            "unpublish", "prune", "dedupe", "exec", "x",
        ],
        "pnpm": ["install", "i", "add", "remove", "rm", "uninstall", "update", "up", "publish", "prune", "dlx"],
        "yarn": ["install", "add", "remove", "upgrade", "publish", "dlx"],
        "bun": ["install", "i", "add", "remove", "rm", "update", "publish", "x"],
        "gem": ["install", "uninstall", "update"],
        "cargo": ["install", "uninstall", "publish"],
        "go": ["install"],
        "conda": ["install", "remove", "uninstall", "update", "upgrade", "create"],
        "mamba": ["install", "remove", "uninstall", "update", "upgrade", "create"],
        "micromamba": ["install", "remove", "update", "create"],
        "composer": ["install", "require", "remove", "update", "global"],
        "nix-env": ["-i", "--install", "-e", "--uninstall", "-u", "--upgrade"],
        "port": ["install", "uninstall", "upgrade"],
        "pkg": ["install", "delete", "remove", "upgrade"],
        "opkg": ["install", "remove", "upgrade"],
        "emerge": [],
    ]

    static let rules: [Rule] = [
        Rule(.packagesChange, programs: changingVerbs.keys) { invocation in
            guard let verbs = changingVerbs[invocation.program] else { return nil }
            if invocation.program == "yarn", invocation.words.isEmpty { return "yarn installs packages" }
            if invocation.program == "emerge", !invocation.words.isEmpty,
                !invocation.hasFlag("p", long: ["--pretend", "--search", "--info"], abbreviated: false)
            {
                return "emerge installs or removes packages"
            }
            if invocation.program == "nix-env", let flag = invocation.words.first(where: { verbs.contains($0.text) }) {
                return "nix-env \(flag.text) changes installed packages"
            }
            guard let verb = invocation.call?.verb, verbs.contains(verb) else { return nil }
            if invocation.hasFlag(
                "s", long: ["--simulate", "--dry-run", "--just-print", "--no-act", "--recon"], abbreviated: false)
            {
                return nil
            }
            return "\(invocation.program) \(verb) changes the installed software"
        },
        Rule(.packagesAuditFix, programs: ["npm", "pnpm", "yarn"]) { invocation in
            // `npm audit` reads; `npm audit fix` installs upgrades and runs their install scripts.
            let operands = invocation.operands.map(\.text)
            guard operands.first == "audit", operands.dropFirst().contains("fix") else { return nil }
            return invocation.hasFlag(long: ["--dry-run"], abbreviated: false)
                ? nil : "\(invocation.program) audit fix installs and upgrades packages"
        },
        Rule(.packagesDpkg, programs: ["dpkg", "rpm"]) { invocation in
            let changing =
                invocation.hasFlag(
                    "i",
                    long: ["--install", "--remove", "--purge", "--unpack", "--configure", "--upgrade", "--erase", "--freshen"])
                || invocation.hasFlag("r") || invocation.hasFlag("P")
                || (invocation.program == "rpm"
                    && (invocation.hasFlag("U") || invocation.hasFlag("e") || invocation.hasFlag("F")))
            if invocation.program == "rpm", invocation.hasFlag("q") { return nil }
            return changing
                ? "\(invocation.program) \(invocation.arguments.joined(separator: " ")) changes the installed software" : nil
        },
        Rule(.packagesPacman, programs: ["pacman", "yay", "paru"]) { invocation in
            guard let first = invocation.words.first?.text, first.hasPrefix("-") else { return nil }
            let letters = first.dropFirst()
            if letters.hasPrefix("S"),
                letters.contains("s") || letters.contains("i") || letters.contains("l") || letters.contains("g")
            {
                return nil
            }
            return letters.hasPrefix("S") || letters.hasPrefix("R") || letters.hasPrefix("U")
                ? "\(invocation.program) \(first) changes the installed software" : nil
        },
        Rule(.packagesPythonModulePip, programs: InterpreterRules.pythons) { invocation in
            guard let module = invocation.optionValues(short: ["-m"]).first?.text, module == "pip" || module == "ensurepip" else {
                return nil
            }
            let verb = invocation.words.drop { $0.text != "-m" && $0.text != "-mpip" }.dropFirst(2).first?.text
            return verb == "install" || verb == "uninstall" || module == "ensurepip"
                ? "python -m pip \(verb ?? "") changes the installed software" : nil
        },
    ]
}
