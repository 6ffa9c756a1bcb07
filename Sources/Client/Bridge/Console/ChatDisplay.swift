/// What the human sees of a chat as it happens: the model's text as it streams, each tool call
/// and how it ended, and the bridge's own notices. `ConsoleDisplay` writes it to a terminal or
/// a pipe; the loop knows nothing about colours or streams.
public protocol ChatDisplay: Sendable {
    func assistantText(_ piece: String) async
    /// The model's reply has ended (a line break, if text was shown).
    func endOfReply() async
    func toolCall(_ line: String) async
    func toolAnswer(_ line: String, isError: Bool) async
    func notice(_ line: String) async
}
