/// What went wrong, as one line on stderr prefixed with the tool's name the way Unix tools do
/// (`ssh-for-agents-run: unknown host "x"`), so a line in an agent's mixed output says who wrote it.
public struct ErrorPrinter: Sendable {
    public let toolName: String

    public init(toolName: String) {
        self.toolName = toolName
    }

    public func print(_ message: String) {
        StandardError.write("\(toolName): \(message)\n")
    }
}
