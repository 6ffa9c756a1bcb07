/// Programs that read commands from standard input have shell escapes among them (`!cmd` in ed
/// and ftp, `\! cmd` in psql and mysql, `shell cmd` in gdb). When that input is on the command
/// line (`ed f <<< '!rm -rf /'`, `printf '!sh\n' | ftp`), each escape's command is judged as shell
/// code. Input the policy cannot see is `ChannelReaderRules`' business.
enum InputShellEscapes {
    /// Program → the line prefixes that hand the rest of the line to a shell.
    static let escapes: NameTable<[String]> = [
        "ed": ["!"], "ex": ["!", ":!"], "vi": [":!"], "vim": [":!"], "nvim": [":!"], "ftp": ["!"], "tnftp": ["!"],
        "sftp": ["!"], "lftp": ["!", "shell "], "smbclient": ["!"], "psql": ["\\!"], "mysql": ["\\!", "system "],
        "mariadb": ["\\!", "system "], "gdb": ["shell ", "!"], "sqlite3": [".shell ", ".system "], "dc": ["!"],
        "debugfs": ["!"], "telnet": ["!"],
    ]

    static func launches(_ invocation: Invocation) -> [Launch] {
        guard let prefixes = escapes[invocation.program], let text = StandardInput.visibleText(of: invocation) else {
            return []
        }
        return text.split(separator: "\n").compactMap { raw in
            let line = raw.drop { $0 == " " || $0 == "\t" }
            guard let prefix = prefixes.first(where: { line.hasPrefix($0) }) else { return nil }
            let command = String(line.dropFirst(prefix.count))
            return command.isEmpty ? nil : .code(command, origin: "\(invocation.program) \(prefix)(from its input)")
        }
    }
}
