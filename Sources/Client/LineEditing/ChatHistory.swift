import Foundation

/// `ssh-for-agents chat`'s line history on disk: `$XDG_STATE_HOME/ssh-for-agents/chat_history`
/// (else `~/.local/state/…`), one line per entry, mode 0600 in a 0700 directory, the last
/// `limit` entries kept. A line that may hold a secret is never written (`SecretScreen`).
///
/// Failures to read or write are reported once through `warn` and otherwise ignored: history is
/// a convenience, never a reason to stop a session.
public final class ChatHistory: @unchecked Sendable {
    public static let defaultLimit = 1000

    public let path: String
    let limit: Int
    private let screen: SecretScreen
    private let warn: (String) -> Void
    private var warned = false
    private var last: String?

    public init(path: String, limit: Int = ChatHistory.defaultLimit, screen: SecretScreen, warn: @escaping (String) -> Void) {
        self.path = path
        self.limit = max(1, limit)
        self.screen = screen
        self.warn = warn
    }

    /// Where the history lives for this environment; nil without an absolute XDG_STATE_HOME or HOME.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/ssh-for-agents/chat_history"
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return home + "/.local/state/ssh-for-agents/chat_history"
        }
        return nil
    }

    /// The kept entries, oldest first (empty when there is no file yet). A file that grew past
    /// twice the limit (other sessions append too) is rewritten with only the last `limit`.
    public func load() -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            report("cannot read \(path)")
            return []
        }
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            chmod(path, 0o600)
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        let kept = Array(lines.suffix(limit))
        if lines.count > 2 * limit { rewrite(kept) }
        last = kept.last
        return kept
    }

    /// Appends `line` unless it is empty, a repeat of the previous entry, or may hold a secret;
    /// true when it was kept (the caller then adds it to the editor's history too).
    @discardableResult
    public func add(_ line: String) -> Bool {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, line != last, screen.mayKeep(line) else { return false }
        last = line
        guard let descriptor = openPrivate(flags: O_WRONLY | O_APPEND | O_CREAT) else { return true }
        defer { close(descriptor) }
        let bytes = Array((line + "\n").utf8)
        if write(descriptor, bytes, bytes.count) != bytes.count {
            report("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return true
    }

    /// Atomically: a private temporary file beside it, then rename.
    private func rewrite(_ lines: [String]) {
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return report("cannot rewrite \(path): \(String(cString: strerror(errno)))") }
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        let written = write(descriptor, bytes, bytes.count) == bytes.count && fsync(descriptor) == 0
        close(descriptor)
        if !written || rename(temporary, path) != 0 {
            unlink(temporary)
            report("cannot rewrite \(path)")
        }
    }

    /// Opens the history file, making its directory (0700) first; an existing file with a wider
    /// mode is narrowed to 0600, since it may have been made by something else.
    private func openPrivate(flags: Int32) -> Int32? {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            report("cannot create \(directory): \(error.localizedDescription)")
            return nil
        }
        let descriptor = open(path, flags | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            report("cannot open \(path): \(String(cString: strerror(errno)))")
            return nil
        }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & 0o077 != 0 { fchmod(descriptor, 0o600) }
        return descriptor
    }

    private func report(_ message: String) {
        guard !warned else { return }
        warned = true
        warn("history: \(message); this session's lines are not saved")
    }
}
