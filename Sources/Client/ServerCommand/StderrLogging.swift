import Logging

/// Logs go to stderr only: stdout belongs to the MCP protocol, and one stray line there breaks
/// the client's connection.
enum StderrLogging {
    static func bootstrap(level: String?) -> Logger {
        let resolved = level.flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = resolved
            return handler
        }
        return Logger(label: "ssh-for-agents")
    }
}
