import CLibEdit
import Foundation

/// A prompt with line editing and history (libedit): arrows, emacs keys, the user's ~/.editrc,
/// up-arrow through earlier lines, Ctrl-C to discard the line, Ctrl-D on an empty line to end.
/// Only for a terminal: `ssh-for-agents chat` reads plain lines when stdin is not one.
///
/// Not thread-safe: one caller at a time (chat's single reader thread), and that is all
/// `@unchecked Sendable` claims.
public final class LineEditor: @unchecked Sendable {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let state: UnsafeMutablePointer<sfa_editline_state>
    private var promptText: UnsafeMutablePointer<CChar>?

    /// The prompt and the line being edited are drawn on stderr. Nil when libedit cannot start.
    public init?(programName: String, historySize: Int = ChatHistory.defaultLimit) {
        Self.useCharacterLocale()
        guard let editLine = sfa_el_new(programName) else { return nil }
        guard let history = sfa_history_new(Int32(historySize)) else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        state = .allocate(capacity: 1)
        state.initialize(to: sfa_editline_state(prompt: nil, interrupted: 0))
        sfa_el_configure(editLine, history, state)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        state.deallocate()
        free(promptText)
    }

    /// Earlier lines, oldest first, for the up-arrow.
    public func remember(_ lines: [String]) {
        for line in lines { sfa_history_enter(history, line) }
    }

    /// Shows `prompt`, lets the user edit a line, returns it. The line is not added to the
    /// history here: the caller decides (a confirmation answer or a secret is never kept).
    public func read(prompt: String) -> LineInput {
        free(promptText)
        promptText = strdup(prompt)
        state.pointee.prompt = UnsafePointer(promptText)
        state.pointee.interrupted = 0
        var count: Int32 = 0
        sfa_el_prepare_terminal(editLine)
        let text = el_gets(editLine, &count)
        if state.pointee.interrupted != 0 { return .interrupted }
        guard let text, count > 0 else {
            // -1: a signal interrupted the read (the process goes on; the line is gone).
            return count < 0 && errno == EINTR ? .interrupted : .end
        }
        var line = String(cString: text)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// libedit decodes what is typed by the locale's character type; Swift strings are UTF-8,
    /// so the environment's locale is taken, or C.UTF-8 where that is plain C.
    private static func useCharacterLocale() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) }
        if chosen == nil || chosen == "C" || chosen == "POSIX" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}
