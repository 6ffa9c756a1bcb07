/// The person at the terminal running `ssh-for-agents chat`: the only one who may approve a
/// command that needs confirmation (never the model).
public protocol HumanChannel: Sendable {
    /// Shows `question` and returns the line the human typed; nil when their input has ended.
    func ask(_ question: String) async -> String?
}
