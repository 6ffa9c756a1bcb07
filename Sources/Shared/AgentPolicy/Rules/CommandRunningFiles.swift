/// Start-up and configuration files in a home directory whose settings make a program run
/// commands later, when an innocent-looking command starts it: less runs `~/.lessfilter` (through
/// lesspipe), top runs the `pipe` entries of its toprc, rtorrent its `execute` lines, gdb and vim
/// their rc files' `shell`/`!` commands, mail delivery the `|command` of `~/.forward`. Writing one
/// is judged like writing `.git/config` (`HardeningRules.runsCommandsLater`).
enum CommandRunningFiles {
    /// File names (the last path component) that are such a file wherever the home is.
    static let names: NameSet = [
        ".lessfilter", ".lesskey", ".toprc", ".rtorrent.rc", ".gdbinit", ".vimrc", ".exrc", ".gvimrc", ".nexrc", ".emacs",
        ".wgetrc", ".screenrc", ".tmux.conf", ".npmrc", ".yarnrc", ".psqlrc", ".sqliterc", ".my.cnf", ".irbrc", ".pryrc",
        ".Rprofile", ".octaverc", ".lftprc", ".muttrc", ".mailcap", ".forward", ".xinitrc", ".xsession", ".xprofile",
        ".hgrc", ".pythonrc", ".pythonstartup", ".nanorc", ".perldb", ".guile", ".gnuplot", ".lynxrc",
    ]
    /// Paths below a home (`~/.config/…`) that are such a file.
    static let homeSuffixes: [String] = [
        "/.config/procps/toprc", "/.config/fish/config.fish", "/.config/nvim/init.vim", "/.config/nvim/init.lua",
        "/.emacs.d/init.el", "/.config/emacs/init.el", "/.config/ranger/rc.conf", "/.config/ranger/rifle.conf",
        "/.config/htop/htoprc", "/.config/git/attributes", "/.cargo/config.toml", "/.cargo/config",
    ]
    /// Directories below a home whose files start programs (user services, desktop autostart).
    static let homeDirectories: [String] = ["/.config/systemd/user/", "/.config/autostart/", "/.config/environment.d/"]

    static func matches(_ path: String) -> Bool {
        guard path.utf8.contains(UInt8(ascii: ".")) else { return false }
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        if names.contains(name) { return true }
        guard path.containsText("/.config/") || path.containsText("/.emacs.d/") || path.containsText("/.cargo/") else { return false }
        // A directory itself (`cp x ~/.config/autostart/`, normalised without its slash) or a file in it.
        return homeSuffixes.contains { path.hasSuffix($0) }
            || homeDirectories.contains { path.contains($0) || path.hasSuffix($0.dropLast()) }
    }
}
