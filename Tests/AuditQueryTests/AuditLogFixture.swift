import AgentContracts
import AgentPolicy
import Foundation

/// A real audit file in a fresh temporary directory, written with the enforcer's own record type.
struct AuditLogFixture {
    let directory: URL
    var path: String { directory.appendingPathComponent("audit.jsonl").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func write(_ lines: [String]) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// 2026-12-03T10:00:00Z plus `minute` minutes.
    static func time(minute: Int) -> Date { Date(timeIntervalSince1970: 1_796_292_000 + Double(minute) * 60) }

    static func decision(
        _ command: String, minute: Int, user: String = "agent", from address: String = "192.0.2.7",
        execID: String? = nil, confirmation: AuditRecord.ConfirmationKind = .none,
        mode: PolicyMode = .guarded
    ) -> AuditRecord {
        AuditRecord(
            event: .decision, time: time(minute: minute), user: user,
            connection: SSHConnectionInfo("\(address) 50122 192.0.2.1 22"), keyFingerprint: "SHA256:abc",
            execID: execID, mode: mode, command: command,
            verdict: PolicyEngine(config: PolicyConfig(mode: mode)).evaluate(command),
            confirmation: .init(kind: confirmation))
    }

    static func end(of decision: AuditRecord, minute: Int, exitStatus: Int32, durationMs: Double) -> AuditRecord {
        var record = decision
        record.event = .end
        record.time = AuditLogFixture.decision("true", minute: minute).time
        record.exitStatus = exitStatus
        record.durationMs = durationMs
        return record
    }
}
