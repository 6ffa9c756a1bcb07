import CLISupport
import Logging

/// Logs go to stderr only: stdout belongs to the MCP protocol, and one stray line there breaks
/// the client's connection.
enum StderrLogging {
    static func bootstrap(level: LogLevel) -> Logger {
        let resolved = Logger.Level(level)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = resolved
            return handler
        }
        return Logger(label: "ssh-for-agents")
    }
}

extension Logger.Level {
    /// CLISupport names the levels as swift-log does, without linking it.
    init(_ level: LogLevel) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
