import AgentContracts
import AgentPolicy

/// Writes this session's records: who, from where, in which mode, filled in once.
struct Auditor {
    let sink: AuditSink
    let context: SessionContext
    let mode: PolicyMode?

    /// The record written before anything runs; false when it could not be written (then nothing runs).
    func decision(
        command: String, execID: String?, verdict: Verdict,
        confirmation: AuditRecord.Confirmation = AuditRecord.Confirmation(kind: .none)
    ) -> Bool {
        write(
            AuditRecord(
                event: .decision, epochSeconds: UTCTime.now(), user: context.user, connection: context.connection,
                keyFingerprint: context.keyFingerprint, execID: execID, mode: mode, command: command,
                verdict: verdict, confirmation: confirmation))
    }

    /// The record written when the command ended. Its failure cannot undo the run; it is said on stderr.
    func end(
        command: String, execID: String, verdict: Verdict, confirmation: AuditRecord.Confirmation,
        exit: ChildProcess.Exit, durationMs: Double
    ) {
        let record = AuditRecord(
            event: .end, epochSeconds: UTCTime.now(), user: context.user, connection: context.connection,
            keyFingerprint: context.keyFingerprint, execID: execID, mode: mode, command: command,
            verdict: verdict, confirmation: confirmation, exitStatus: exit.status,
            signal: exit.signal.map(ChildProcess.signalName), durationMs: durationMs)
        if !write(record) {
            StandardStreams.err(
                "ssh-for-agents-enforcer: the end record of exec \(execID) could not be written to the audit trail\n")
        }
    }

    private func write(_ record: AuditRecord) -> Bool {
        do {
            try sink.write(record)
            return true
        } catch {
            StandardStreams.err("ssh-for-agents-enforcer: \(error.description)\n")
            return false
        }
    }
}
