/// What OpenSSH clients send for tools other than a shell, recognised so the enforcer can judge
/// them by what they do rather than as commands: `git clone host:repo` arrives as
/// `git-upload-pack 'repo'`, `rsync host:/data .` as `rsync --server --sender … . /data`.
/// Anything not matched exactly is nil and judged by the policy as an ordinary command.
public enum ServerRequest: Sendable, Equatable {
    /// The sftp subsystem (sshd passes its `Subsystem` command), with sftp-server's options.
    case sftp(arguments: [String])
    case transfer(Transfer)

    public struct Transfer: Sendable, Equatable {
        public enum Tool: String, Sendable { case git, rsync, scp }
        public enum Access: String, Sendable { case read, write }

        public var tool: Tool
        public var access: Access
        /// The paths it reads or writes, as the client named them.
        public var paths: [String]
        /// In words: "git fetch", "git push", "rsync pull", "rsync upload", "scp download", "scp upload".
        public var action: String
    }

    public static func recognise(_ command: String) -> ServerRequest? {
        guard let words = StrictWords.split(command), let program = words.first else { return nil }
        if program == "internal-sftp" || (program.hasPrefix("/") && program.hasSuffix("/sftp-server")) {
            return sftp(Array(words.dropFirst()))
        }
        if program == "git", words.count >= 2 { return git("git-" + words[1], Array(words.dropFirst(2))) }
        if program.hasPrefix("git-") { return git(program, Array(words.dropFirst())) }
        if program == "rsync" { return rsync(Array(words.dropFirst())) }
        if program == "scp" { return scp(Array(words.dropFirst())) }
        return nil
    }

    // MARK: sftp

    /// sftp-server's options that change nothing a policy cares about; `-R` is added in readonly.
    static let sftpFlags: Set<String> = ["-e", "-R"]
    static let sftpOptionsWithValue: Set<String> = ["-l", "-f", "-u", "-d", "-p", "-P"]

    private static func sftp(_ arguments: [String]) -> ServerRequest? {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if sftpFlags.contains(word) {
                index += 1
            } else if sftpOptionsWithValue.contains(word), index + 1 < arguments.count {
                index += 2
            } else {
                return nil
            }
        }
        return .sftp(arguments: arguments)
    }

    // MARK: git

    private static func git(_ program: String, _ arguments: [String]) -> ServerRequest? {
        guard arguments.count == 1, let path = arguments.first, !path.isEmpty, !path.hasPrefix("-") else { return nil }
        switch program {
        case "git-upload-pack": return .transfer(Transfer(tool: .git, access: .read, paths: [path], action: "git fetch"))
        case "git-upload-archive": return .transfer(Transfer(tool: .git, access: .read, paths: [path], action: "git archive"))
        case "git-receive-pack": return .transfer(Transfer(tool: .git, access: .write, paths: [path], action: "git push"))
        default: return nil
        }
    }

    // MARK: rsync

    /// Long options a sending (pulling) rsync server may get that write nothing on this side.
    /// Any other long option (`--remove-source-files`, `--log-file=…`, `--write-batch=…`) makes the
    /// pull count as a write.
    static let rsyncReadOnlyLongOptions: Set<String> = [
        "--server", "--sender", "--numeric-ids", "--ignore-times", "--size-only", "--safe-links",
        "--copy-unsafe-links", "--copy-links", "--copy-dirlinks", "--no-implied-dirs", "--delete",
        "--delete-before", "--delete-during", "--delete-after", "--delete-delay", "--delete-excluded",
        "--existing", "--ignore-existing", "--one-file-system", "--from0", "--partial", "--inplace",
        "--append", "--checksum", "--compress", "--list-only", "--prune-empty-dirs", "--fake-super",
    ]
    static let rsyncReadOnlyValueOptions = [
        "--timeout=", "--contimeout=", "--bwlimit=", "--max-size=", "--min-size=", "--modify-window=",
        "--compress-level=", "--checksum-choice=", "--compress-choice=", "--block-size=",
        "--max-delete=", "--checksum-seed=", "--iconv=",
    ]

    private static func rsync(_ arguments: [String]) -> ServerRequest? {
        guard arguments.first == "--server", let dot = arguments.firstIndex(of: ".") else { return nil }
        let options = arguments[..<dot]
        let paths = Array(arguments[(dot + 1)...])
        guard !paths.isEmpty, !options.contains("--daemon") else { return nil }
        for option in options where !option.hasPrefix("--") {
            // `-vlogDtpre.iLsfxCIvu`: flags up to `e`, then the protocol's compatibility string.
            // `s` (--protect-args) sends the real paths inside the protocol, where no judgement
            // of the command line can see them.
            guard option.hasPrefix("-") else { return nil }
            let flags = option.dropFirst().prefix { $0 != "e" }
            if flags.contains("s") { return nil }
        }
        let sender = options.contains("--sender")
        let onlyReads = options.allSatisfy { option in
            !option.hasPrefix("--") || rsyncReadOnlyLongOptions.contains(option)
                || rsyncReadOnlyValueOptions.contains { option.hasPrefix($0) }
        }
        if sender {
            return .transfer(Transfer(tool: .rsync, access: onlyReads ? .read : .write, paths: paths, action: "rsync pull"))
        }
        guard paths.count == 1 else { return nil }
        return .transfer(Transfer(tool: .rsync, access: .write, paths: paths, action: "rsync upload"))
    }

    // MARK: scp

    private static func scp(_ arguments: [String]) -> ServerRequest? {
        var flags = Set<Character>()
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let word = arguments[index]
            index += 1
            if word == "--" { break }
            let letters = word.dropFirst()
            guard !letters.isEmpty, letters.allSatisfy({ "rdpvqft".contains($0) }) else { return nil }
            flags.formUnion(letters)
        }
        let paths = Array(arguments[index...])
        guard !paths.isEmpty, flags.contains("f") != flags.contains("t") else { return nil }
        if flags.contains("f") {
            return .transfer(Transfer(tool: .scp, access: .read, paths: paths, action: "scp download"))
        }
        guard paths.count == 1 else { return nil }
        return .transfer(Transfer(tool: .scp, access: .write, paths: paths, action: "scp upload"))
    }
}
