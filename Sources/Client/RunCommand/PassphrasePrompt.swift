import CLISupport
import Foundation
import Gateway

/// A key whose `passphrase_env` variable is not set: with a human at a terminal (stdin and stderr
/// both terminals) the passphrase is asked for without echo, instead of failing. It is put into
/// this process's environment under the configured name, where the transport reads it at connect
/// time, exactly as if it had been exported; it is never written anywhere and the process ends
/// with the command. Without a terminal nothing is asked and the transport's error stands.
enum PassphrasePrompt {
    static func askIfNeeded(host alias: String, gateway: Gateway) async {
        guard isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1,
            let entry = try? gateway.configStore.current().config.host(alias),
            let variable = entry.passphraseEnv, let key = entry.privateKey,
            ProcessInfo.processInfo.environment[variable] == nil
        else { return }
        let prompt = "Passphrase for \(key) (\(variable) is not set): "
        let typed: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: readWithoutEcho(prompt: prompt)) }
        }
        StandardError.write("\n")
        // Nothing typed (or Ctrl-C, Ctrl-D): the transport reports the missing variable as before.
        guard let typed, !typed.isEmpty else { return }
        setenv(variable, typed, 1)
    }

    /// One line from the terminal with echo off. Signals from the keyboard are off too, so a
    /// Ctrl-C arrives as a character (and cancels) instead of killing the process with echo
    /// still off.
    /// Echo goes off before the prompt is shown, and without flushing (TCSANOW): what the human
    /// types as soon as they see the prompt is neither echoed nor thrown away.
    private static func readWithoutEcho(prompt: String) -> String? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ISIG)
        quiet.c_lflag |= tcflag_t(ICANON)
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        StandardError.write(prompt)
        guard let line = readLine(strippingNewline: true), !line.contains("\u{03}") else { return nil }
        return line
    }
}
