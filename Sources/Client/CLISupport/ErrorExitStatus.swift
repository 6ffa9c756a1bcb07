import ArgumentParser

/// The status an error ends a tool with: argument-parser's choice, except that usage errors are
/// 2 as documented, not its 64 (EX_USAGE).
public enum ErrorExitStatus {
    public static func status(for error: any Error, root: any ParsableCommand.Type) -> ExitCode {
        // A status a command threw on purpose stands as it is: `run` passes on the remote
        // command's own status, and a remote `exit 64` is not a usage error.
        if let chosen = error as? ExitCode { return chosen }
        let status = root.exitCode(for: error)
        // argument-parser gives 64 to exactly its usage errors: parse failures and ValidationError.
        return status == .validationFailure ? .usage : status
    }
}
