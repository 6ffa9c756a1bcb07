/// What a path argument refers to, after `~`, `$HOME`, `..` and the script's `cd` are taken into
/// account. Paths are strings here: the policy never touches the file system.
struct PathFacts: Sendable {
    enum Kind: Sendable, Equatable {
        /// A path whose absolute form is known.
        case absolute(String)
        /// Relative to an unknown directory.
        case relative(String)
        /// Begins with an expansion we cannot know (`$DIR/x`), without climbing out of it.
        case underUnknown
        /// Could be anywhere: computed entirely at run time, or `..` climbing out of an unknown prefix.
        case anywhere
    }

    let kind: Kind
    let original: String

    /// The user's home as a placeholder absolute path, so `~/x` and `$HOME/x` are under `/home`.
    static let home = "/home/~"

    /// Home directories of Debian's system accounts (from base-passwd).
    static let systemHomes: NameTable<String> = [
        "root": "/root", "daemon": "/usr/sbin", "bin": "/bin", "sys": "/dev", "sync": "/bin", "games": "/usr/games",
        "man": "/var/cache/man", "lp": "/var/spool/lpd", "mail": "/var/mail", "news": "/var/spool/news",
        "uucp": "/var/spool/uucp",
        "proxy": "/bin", "www-data": "/var/www", "backup": "/var/backups", "list": "/var/list", "irc": "/run/ircd",
        "nobody": "/nonexistent", "_apt": "/nonexistent", "sshd": "/run/sshd", "messagebus": "/nonexistent",
    ]

    init(_ word: Word, workingDirectory: String? = nil) {
        original = word.text
        kind = Self.classify(word, workingDirectory: workingDirectory)
    }

    private static func classify(_ word: Word, workingDirectory: String?) -> Kind {
        var text = Self.withHomeDefaultsResolved(word.text)
        if word.hasCommandSubstitution && (word.startsWithExpansion || text.hasPrefix("$(…)")) { return .anywhere }
        for prefix in ["${HOME}", "$HOME", "~"] where text == prefix || text.hasPrefix(prefix + "/") {
            text = home + text.dropFirst(prefix.count)
            return .absolute(normalise(text) ?? "/")
        }
        if text.hasPrefix("~") {
            // `~user`: Debian's system accounts have their homes elsewhere (`~root/../etc` is /etc,
            // `~sys` is /dev); others are taken to live in /home, and a `..` from an unknown home
            // may lead anywhere.
            let rest = text.dropFirst()
            let user = String(rest.prefix { $0 != "/" })
            let tail = rest.dropFirst(user.count)
            if let known = systemHomes[user] { return .absolute(normalise(known + tail) ?? "/") }
            if tail.split(separator: "/").contains("..") { return .anywhere }
            return .absolute(normalise("/home/" + user + tail) ?? "/")
        }
        if text.hasPrefix("$") || text.hasPrefix("$(…)") {
            // `$DIR/../x` may point anywhere; `$DIR/x` stays under whatever $DIR is.
            let components = text.split(separator: "/")
            if components.contains("..") { return .anywhere }
            return components.count <= 1 ? .anywhere : .underUnknown
        }
        if text.hasPrefix("/") { return .absolute(normalise(text) ?? "/") }
        if let workingDirectory { return .absolute(normalise(workingDirectory + "/" + text) ?? "/") }
        // Commands start in the account's home, whose depth the policy does not know (`/root`,
        // `/home/deploy`, `/var/lib/app`): a path that climbs above its starting directory
        // (`../../etc/shadow`) is taken to have climbed all the way to `/`, so what it names
        // there is judged as the absolute path it can be.
        if climbsAboveStart(text) { return .absolute(normalise("/" + text) ?? "/") }
        return .relative(text)
    }

    /// `${HOME:?}`, `${HOME:-/tmp}`, `${HOME=x}`: HOME is always set over SSH, so these all expand
    /// to the home directory, the way scripts guard `rm -rf "${HOME:?}/"` against an empty HOME.
    /// (`${HOME:+x}` expands to `x` and is left alone.)
    static func withHomeDefaultsResolved(_ text: String) -> String {
        guard text.hasPrefix("${HOME"), let close = text.firstIndex(of: "}") else { return text }
        let operatorStart = text.index(text.startIndex, offsetBy: 6)
        guard operatorStart < close, [":", "-", "?", "="].contains(text[operatorStart]),
            text[operatorStart..<close].first != ":" || text[text.index(after: operatorStart)..<close].first != "+"
        else { return text }
        return "$HOME" + text[text.index(after: close)...]
    }

    /// `..` takes the path above the directory it starts in (`../x`, `a/../../x`; not `a/../x`).
    static func climbsAboveStart(_ relative: String) -> Bool {
        guard relative.containsText("..") else { return false }
        var depth = 0
        for component in relative.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            depth += component == ".." ? -1 : 1
            if depth < 0 { return true }
        }
        return false
    }

    /// `/a/./b/../c//` → `/a/c`; nil never happens for absolute input (`..` above `/` stays at `/`).
    static func normalise(_ path: String) -> String? {
        if path.isNormalAbsolutePath { return path } // most paths: no split, no join
        var parts: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(component)
        }
        return "/" + parts.joined(separator: "/")
    }

    var absolutePath: String? {
        if case .absolute(let path) = kind { return path }
        return nil
    }

    /// Directories whose loss breaks the machine. Recursive deletes in or of them are hard blocks.
    static let systemDirectories: [String] = [
        "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/opt", "/proc",
        "/root", "/run", "/sbin", "/srv", "/sys", "/usr", "/var",
    ]

    /// The path is `/`, a system directory, or inside one.
    var isSystemTree: Bool {
        guard let path = absolutePath else { return false }
        if path == "/" { return true }
        return Self.systemDirectories.contains { path.isSelfOrInside($0) }
    }

    /// A tree whose recursive loss is a catastrophe, not a clean-up: `/`, anything in the
    /// operating system's own trees (`/usr`, `/etc`, `/var/lib`, …), a home directory itself (`~`,
    /// `/home/deploy`, `/root`, and `/home`), and the direct children of `/opt`, `/srv` and `/var`
    /// (`/var/log`, `/opt/myapp`). What lies inside a home (`~/Documents`, `~/project/build`) and
    /// deeper in the other data trees (`/var/www/app/releases/1`) is the user's to clean up: the
    /// plain `rm` rules leave it to a human's confirmation.
    var isCriticalTree: Bool {
        guard let path = absolutePath, isSystemTree else { return false }
        let parts = path.split(separator: "/")
        guard let top = parts.first else { return true }
        switch top {
        case "home", "root": return !isInsideHome
        case "opt", "srv": return parts.count <= 2
        case "var": return parts.count <= 2 || parts[1] == "lib" || parts[1] == "spool" || parts[1] == "backups"
        default: return true
        }
    }

    /// `/home`, a user's home (`~`, `/home/deploy`) or root's (`/root`).
    var isHomeDirectory: Bool {
        guard let path = absolutePath else { return false }
        let parts = path.split(separator: "/")
        return path == "/root" || (parts.first == "home" && parts.count <= 2)
    }

    /// Strictly below a home directory: `~/project`, `/home/deploy/app`, `/root/.cache`.
    var isInsideHome: Bool {
        guard let path = absolutePath else { return false }
        let parts = path.split(separator: "/")
        return (parts.first == "root" && parts.count >= 2) || (parts.first == "home" && parts.count >= 3)
    }

    /// Writing here changes the system (not the agent's own home, not scratch space, not /dev/null).
    var isSystemWriteTarget: Bool {
        guard let path = absolutePath else { return false }
        if Self.harmlessDevices.contains(path) || path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/self/fd/") { return false }
        if path.hasPrefix("/home/") || path.hasPrefix("/tmp/") || path == "/tmp" || path.hasPrefix("/var/tmp/") { return false }
        if path.hasPrefix("/run/user/") { return false }
        return path == "/" || Self.systemDirectories.contains { path.isSelfOrInside($0) }
    }

    static let harmlessDevices: NameSet = ["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/zero", "/dev/full"]

    /// A raw disk or partition device.
    var isDiskDevice: Bool {
        guard let path = absolutePath, path.hasPrefix("/dev/") else { return false }
        let name = path.dropFirst(5)
        let prefixes = ["sd", "hd", "vd", "xvd", "nvme", "mmcblk", "md", "dm-", "mapper/", "disk/", "loop", "sr"]
        return prefixes.contains { name.hasPrefix($0) }
    }
}
