import ArgumentParser

/// The levels a tool logs at, named as swift-log names them; CLISupport does not link swift-log,
/// so each tool maps these to its own logger.
public enum LogLevel: String, CaseIterable, Sendable {
    case trace, debug, info, notice, warning, error, critical
}

/// `--log-level LEVEL`, falling back to `$SSH_FOR_AGENTS_LOG_LEVEL`, then `warning`.
public struct LogLevelOption: ParsableArguments {
    public static let environmentVariable = "SSH_FOR_AGENTS_LOG_LEVEL"
    public static let defaultLevel = LogLevel.warning

    @Option(
        name: .customLong("log-level"),
        help: "Log level: trace, debug, info, notice, warning, error, critical (default warning, env SSH_FOR_AGENTS_LOG_LEVEL).")
    public var logLevel: String?

    public init() {}

    /// A mistyped option is a usage error; a mistyped variable is ignored, as it may be set for
    /// more than this one tool.
    public func validate() throws {
        if let logLevel, LogLevel(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    public func resolved(environment: [String: String]) -> LogLevel {
        logLevel.flatMap(LogLevel.init(rawValue:))
            ?? environment[Self.environmentVariable].flatMap(LogLevel.init(rawValue:))
            ?? Self.defaultLevel
    }
}
