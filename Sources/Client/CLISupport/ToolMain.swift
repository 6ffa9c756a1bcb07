import ArgumentParser

/// The `main` of every ssh-for-agents executable: argument-parser's parse-run-report, ending in
/// `ProcessExit` instead of `exit`, and with usage errors reported as status 2.
///
///     @main struct SomeTool: AsyncParsableCommand {
///         static func main() async { await ToolMain.run(Self.self) }
///     }
public enum ToolMain {
    public static func run<Root: AsyncParsableCommand>(
        _ root: Root.Type, arguments: [String] = Array(CommandLine.arguments.dropFirst())
    ) async -> Never {
        let status: ExitCode
        do {
            var command = try root.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            status = .success
        } catch {
            status = ErrorExitStatus.status(for: error, root: root)
            report(error, root: root, status: status)
        }
        ProcessExit.flushingOutput(status: status.rawValue)
    }

    /// As argument-parser reports: help and version on stdout (they are the answer asked for),
    /// everything else on stderr.
    private static func report(_ error: any Error, root: any ParsableCommand.Type, status: ExitCode) {
        let message = root.fullMessage(for: error)
        guard !message.isEmpty else { return }
        if status == .success {
            print(message)
        } else {
            StandardError.write(message + "\n")
        }
    }
}
