/// Options, keywords and settings whose value is a command the program runs: a login program
/// (`agetty -l`), a remote shell (`borg --rsh`, `cpio --rsh-command`), a hook or helper script
/// (`dnsmasq --conf-script`, `wget --use-askpass`, `openvpn --up`), an editor (`perlbug -e`), a
/// compiler binary (`forge build --use`). The value is judged as the shell code it becomes, so a
/// bare shell there reads the SSH channel and a script written earlier in this command is judged
/// by what it holds.
enum CommandOptions {
    /// Program → options whose value is a command (`short` also matches the attached form `-yCMD`).
    static let options: NameTable<(short: [String], long: [String])> = [
        "agetty": (["-l"], ["--login-program"]), "getty": (["-l"], ["--login-program"]),
        "borg": ([], ["--rsh"]), "cpio": ([], ["--rsh-command"]), "mt": ([], ["--rsh-command"]), "tar": ([], ["--rmt-command"]),
        "dnsmasq": ([], ["--conf-script", "--dhcp-script"]), "zic": (["-y"], []), "wget": ([], ["--use-askpass"]),
        "perlbug": (["-e"], []), "forge": ([], ["--use"]), "restic": ([], ["--password-command"]),
        "svn": ([], ["--editor-cmd", "--diff-cmd", "--diff3-cmd"]), "cvs": (["-e"], []),
        "mysql": ([], ["--pager"]), "mariadb": ([], ["--pager"]),
        "aria2c": (
            [],
            [
                "--on-download-complete", "--on-download-start", "--on-download-error", "--on-download-stop",
                "--on-download-pause", "--on-bt-download-complete",
            ]
        ),
        // VPN and DHCP clients run their up/down and event scripts.
        "openvpn": (
            [],
            [
                "--up", "--down", "--route-up", "--route-pre-down", "--ipchange", "--client-connect",
                "--client-disconnect", "--learn-address", "--auth-user-pass-verify", "--tls-verify",
            ]
        ),
        "openconnect": (["-s"], ["--script"]), "vpnc": ([], ["--script"]), "udhcpc": (["-s"], ["--script"]),
        "dhclient": (["-sf"], []), "wpa_cli": (["-a"], []),
        // Compiler drivers run a wrapper around every sub-program (`-wrapper PROG,ARGS`).
        "gcc": ([], ["-wrapper"]), "g++": ([], ["-wrapper"]), "cc": ([], ["-wrapper"]), "c++": ([], ["-wrapper"]),
        "clang": ([], ["-wrapper"]), "clang++": ([], ["-wrapper"]),
        "fzf": ([], ["--preview"]),
    ]

    /// Program → keywords (operands) whose next word is a command: `csvtool call CMD FILE`,
    /// `fail2ban-client set JAIL action A actionban CMD`, `pppd connect CMD`.
    static let keywords: NameTable<NameSet> = [
        "csvtool": ["call"],
        "fail2ban-client": [
            "actionban", "actionunban", "actionstart", "actionstop", "actioncheck", "actionflush", "actionrepair",
            "actionreload",
        ],
        "pppd": ["connect", "disconnect", "init", "welcome"],
    ]

    /// Programs that build shell code from an argument and `eval` it (`xdg-user-dir NAME` runs
    /// `eval echo ${XDG_NAME_DIR:-$HOME}`): an argument with shell syntax in it becomes code.
    static let evalTemplates: NameTable<(prefix: String, suffix: String)> = [
        "xdg-user-dir": ("echo ${XDG_", "_DIR:-$HOME}")
    ]

    static func launches(in invocation: Invocation) -> [Launch] {
        let program = invocation.program
        var launches: [Launch] = []
        if let entry = options[program] {
            for value in invocation.optionValues(short: entry.short, long: entry.long) {
                // `-wrapper /bin/sh,-s`: comma-separated words.
                let text = entry.long.contains("-wrapper") ? value.text.replacingOccurrences(of: ",", with: " ") : value.text
                launches.append(.code(text, origin: "\(program) option"))
            }
        }
        if let names = keywords[program] {
            let words = invocation.words
            for (index, word) in words.enumerated() where names.contains(word.text) && index + 1 < words.count {
                launches.append(.code(words[index + 1].text, origin: "\(program) \(word.text)"))
            }
        }
        if let template = evalTemplates[program] {
            for operand in invocation.operands where operand.text.contains(where: { ";|&`$<>(){}".contains($0) }) {
                launches.append(.code(template.prefix + operand.text + template.suffix, origin: "\(program) (eval)"))
            }
        }
        if program == "fzf" { launches += fzfActions(invocation) }
        return launches + CommandSettings.launches(in: invocation)
    }

    /// `fzf --bind 'enter:execute(CMD)'`: the actions that run a command.
    private static func fzfActions(_ invocation: Invocation) -> [Launch] {
        var launches: [Launch] = []
        for binding in invocation.optionValues(long: ["--bind"]) {
            var rest = Substring(binding.text)
            for action in ["execute-silent(", "execute(", "become(", "reload(", "preview(", "change-preview("] {
                while let range = rest.firstRange(of: action) {
                    let inside = rest[range.upperBound...].prefix { $0 != ")" }
                    launches.append(.code(String(inside), origin: "fzf --bind \(action.dropLast())"))
                    rest = rest[range.upperBound...]
                }
                rest = Substring(binding.text)
            }
        }
        return launches
    }
}
