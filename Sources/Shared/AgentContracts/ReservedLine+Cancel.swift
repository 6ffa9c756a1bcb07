/// Ending a command the client gave up on (timeout, cancelled call, endless flood).
///
/// libssh2 1.10 cannot send the SSH "signal" channel request and sshd does not end a command whose
/// channel closes, so the client runs a second, short command that finds the first by its exec id
/// and signals its whole process group: TERM, then KILL. That second command is a `cancel` line
/// followed by the script that does it: an enforcer answers the line itself (it would otherwise
/// judge `kill` like any command), and without one the script runs as it stands.
extension ReservedLine {
    /// The whole text of a cancel request for exec id `id`: the line, then the script.
    public static func cancelCommand(id: String) -> String {
        cancel(id: id).prefixing(processGroupEndingScript(id: id))
    }

    /// What a process's command line contains when it is the shell that runs exec `id`: the
    /// reserved line stays in `/bin/sh -c`'s argument (an enforcer keeps it there too, without the
    /// approval), so `pgrep -f` finds the shell, and the shell leads the command's process group.
    public static func execMarker(id: String) -> String {
        "\(marker)/\(currentVersion) exec id=\(id)"
    }

    /// Ends the process group of the marked shell; `[e]` keeps the script from matching itself.
    /// (dash's `kill` rejects `--`, hence `kill -TERM -PGID`.)
    public static func processGroupEndingScript(id: String) -> String {
        """
        p=$(pgrep -f '\(marker)/\(currentVersion) [e]xec id=\(id)' | head -n 1); [ -n "$p" ] || exit 0
        g=$(ps -o pgid= -p "$p" | tr -d ' '); [ -n "$g" ] || exit 0
        kill -TERM -$g 2>/dev/null
        i=0; while kill -0 -$g 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done
        kill -KILL -$g 2>/dev/null; exit 0
        """
    }
}
