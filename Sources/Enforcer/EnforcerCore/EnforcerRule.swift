import AgentPolicy

/// Rule ids of the refusals the enforcer makes itself, outside the policy engine. They share the
/// refusal line and the audit trail with the policy's rules, so each is stable and documented
/// (docs/ENFORCER.md).
public enum EnforcerRule: String, Sendable, CaseIterable {
    /// The policy file is missing, unreadable, unsafe (writable by the agent) or invalid.
    case policyUnavailable = "enforcer.policy-unavailable"
    /// An audit sink cannot be written: nothing runs unrecorded.
    case auditUnavailable = "enforcer.audit-unavailable"
    /// No `SSH_ORIGINAL_COMMAND`: an interactive login.
    case interactiveLogin = "enforcer.interactive-login"
    /// A first line that claims to be ours but is not well formed, or has a version we do not read.
    case reservedLineInvalid = "enforcer.reserved-line"
    /// `stdin=N` promised N bytes of command and stdin ended sooner.
    case commandIncomplete = "enforcer.command-incomplete"
    /// The command needs a human's approval and none came.
    case confirmationRequired = "enforcer.confirmation-required"
    /// An approval came but does not hold: forged, edited, expired, replayed, or unsigned where
    /// signatures are required.
    case approvalRefused = "enforcer.approval-refused"
    /// The approval key is missing, unreadable, or readable by the agent's own commands.
    case approvalKeyUnavailable = "enforcer.approval-key"
    /// The setgid group could not be dropped for good.
    case privilegeDrop = "enforcer.privilege-drop"
    /// A git push, rsync upload or scp upload: a write into the named path.
    case remoteWrite = "enforcer.remote-write"
    /// No sftp-server binary where the policy or OpenSSH put it.
    case sftpServerMissing = "enforcer.sftp-server-missing"
    /// An `audit` line that names its own file: the enforcer answers only for its own log.
    case auditScope = "enforcer.audit-scope"
    /// Starting the command failed (fork/exec).
    case launchFailed = "enforcer.launch-failed"

    public func reason(_ message: String, _ decision: Decision = .block) -> Reason {
        Reason(rule: rawValue, message: message, decision: decision)
    }
}
