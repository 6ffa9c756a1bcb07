import AgentPolicy
import ArgumentParser

extension ExitCode {
    /// A policy verdict as a status: 0 allow, 10 needs_confirmation, 11 block — what `check`
    /// documents, so a shell can branch on a verdict without parsing text.
    public init(verdict decision: Decision) {
        switch decision {
        case .allow: self = .success
        case .needsConfirmation: self = .needsConfirmation
        case .block: self = .blocked
        }
    }
}
