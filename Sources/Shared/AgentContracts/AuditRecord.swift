import AgentPolicy
import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One line of the enforcer's audit trail (syslog authpriv and/or a JSONL file), and what both
/// CLIs' `audit` queries read back. A decision is written before the command runs (so nothing
/// runs unrecorded); an `end` record with the same `exec_id` follows when it finishes.
public struct AuditRecord: Sendable, Equatable, Codable {
    public enum Event: String, Sendable, Codable {
        case decision
        case end
    }

    public enum ConfirmationKind: String, Sendable, Codable {
        /// The policy allowed the command, or refused it outright.
        case none
        /// A human approved through a client without an approval key.
        case unsigned
        /// A valid, unused HMAC token came with the command.
        case signed
        /// A token came but did not hold (forged, expired, replayed, edited), or none came.
        case refused
    }

    public struct Confirmation: Sendable, Equatable, Codable {
        public var kind: ConfirmationKind
        /// The token's nonce, for signed and unsigned approvals.
        public var tokenID: String?
        /// Why a confirmation was refused.
        public var why: String?

        public init(kind: ConfirmationKind, tokenID: String? = nil, why: String? = nil) {
            self.kind = kind
            self.tokenID = tokenID
            self.why = why
        }

        enum CodingKeys: String, CodingKey {
            case kind, why
            case tokenID = "token_id"
        }

        public var json: OrderedJSON {
            .sortedObject([
                ("kind", .string(kind.rawValue)), ("token_id", tokenID.map(OrderedJSON.string)),
                ("why", why.map(OrderedJSON.string)),
            ])
        }
    }

    /// Longest command kept in a record; the rest is cut and `command_truncated` set.
    public static let maxCommandBytes = 8192

    public var event: Event
    /// RFC 3339, UTC, e.g. 2026-12-02T19:05:44Z.
    public var time: String
    public var user: String
    public var sourceAddress: String?
    public var sourcePort: Int?
    /// From `SSH_USER_AUTH` when sshd's `ExposeAuthInfo` provides it.
    public var keyFingerprint: String?
    public var execID: String?
    public var mode: PolicyMode?
    /// Control characters spelled out (`VisibleText`), capped at `maxCommandBytes`.
    public var command: String
    public var commandTruncated: Bool?
    /// SHA-256 (hex) of the whole command's bytes, when `command` was cut: an admin can still tell
    /// two long commands apart and match one against a copy of its text.
    public var commandSHA256: String?
    public var decision: Decision
    public var rules: [String]
    public var reasons: [Reason]
    public var confirmation: Confirmation
    public var exitStatus: Int32?
    public var signal: String?
    public var durationMs: Double?

    /// A record stamped with `time` (seconds since the epoch).
    public init(
        event: Event, epochSeconds: Int64, user: String, connection: SSHConnectionInfo?, keyFingerprint: String?,
        execID: String?, mode: PolicyMode?, command: String, verdict: Verdict,
        confirmation: Confirmation, exitStatus: Int32? = nil, signal: String? = nil, durationMs: Double? = nil
    ) {
        self.event = event
        time = UTCTime.rfc3339(epochSeconds: epochSeconds)
        self.user = user
        sourceAddress = connection?.clientAddress
        sourcePort = connection?.clientPort
        self.keyFingerprint = keyFingerprint
        self.execID = execID
        self.mode = mode
        let visible = VisibleText(command, keepNewlines: false).capped(Self.maxCommandBytes)
        self.command = visible.text
        commandTruncated = visible.truncated ? true : nil
        commandSHA256 = visible.truncated ? SHA256.hash(data: Array(command.utf8)).map { Self.hex($0) }.joined() : nil
        decision = verdict.decision
        rules = verdict.decidingRules
        reasons = verdict.concerns
        self.confirmation = confirmation
        self.exitStatus = exitStatus
        self.signal = signal
        self.durationMs = durationMs
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    enum CodingKeys: String, CodingKey {
        case event, time, user, mode, command, decision, rules, reasons, confirmation, signal
        case sourceAddress = "source_address"
        case sourcePort = "source_port"
        case keyFingerprint = "key_fingerprint"
        case execID = "exec_id"
        case commandTruncated = "command_truncated"
        case commandSHA256 = "command_sha256"
        case exitStatus = "exit_status"
        case durationMs = "duration_ms"
    }

    /// The record as one line of JSON (no newline inside: control characters are escaped).
    public var jsonLine: String { json.compact() }

    /// The record as `CodingKeys` name it, keys sorted, absent optionals left out: what the
    /// `Decodable` side reads back (a test holds the two together).
    public var json: OrderedJSON {
        .sortedObject([
            ("event", .string(event.rawValue)),
            ("time", .string(time)),
            ("user", .string(user)),
            ("source_address", sourceAddress.map(OrderedJSON.string)),
            ("source_port", sourcePort.map(OrderedJSON.integer)),
            ("key_fingerprint", keyFingerprint.map(OrderedJSON.string)),
            ("exec_id", execID.map(OrderedJSON.string)),
            ("mode", mode.map { .string($0.rawValue) }),
            ("command", .string(command)),
            ("command_truncated", commandTruncated.map(OrderedJSON.bool)),
            ("command_sha256", commandSHA256.map(OrderedJSON.string)),
            ("decision", .string(decision.rawValue)),
            ("rules", .array(rules.map(OrderedJSON.string))),
            ("reasons", .array(reasons.map(\.json))),
            ("confirmation", confirmation.json),
            ("exit_status", exitStatus.map { .integer(Int($0)) }),
            ("signal", signal.map(OrderedJSON.string)),
            ("duration_ms", durationMs.map(OrderedJSON.decimal)),
        ])
    }

    /// A line of the audit trail, or nil when it is not a record (syslog prefixes are skipped).
    public init?(line: some StringProtocol) {
        guard let start = line.firstIndex(of: "{"),
            let record = EnforcerJSON.decode(AuditRecord.self, from: line[start...])
        else { return nil }
        self = record
    }

    /// A record stamped with `time`, for tests and tools that have a `Date`.
    public init(
        event: Event, time: Date, user: String, connection: SSHConnectionInfo?, keyFingerprint: String?,
        execID: String?, mode: PolicyMode?, command: String, verdict: Verdict,
        confirmation: Confirmation, exitStatus: Int32? = nil, signal: String? = nil, durationMs: Double? = nil
    ) {
        self.init(
            event: event, epochSeconds: Int64(time.timeIntervalSince1970.rounded(.down)), user: user, connection: connection,
            keyFingerprint: keyFingerprint, execID: execID, mode: mode, command: command, verdict: verdict,
            confirmation: confirmation, exitStatus: exitStatus, signal: signal, durationMs: durationMs)
    }
}

/// sshd's `SSH_CONNECTION`: "client_address client_port server_address server_port".
public struct SSHConnectionInfo: Sendable, Equatable {
    public var clientAddress: String
    public var clientPort: Int
    public var serverAddress: String
    public var serverPort: Int

    public init?(_ value: String) {
        let parts = value.split(separator: " ")
        guard parts.count == 4, let clientPort = Int(parts[1]), let serverPort = Int(parts[3]) else { return nil }
        clientAddress = String(parts[0])
        self.clientPort = clientPort
        serverAddress = String(parts[2])
        self.serverPort = serverPort
    }
}
