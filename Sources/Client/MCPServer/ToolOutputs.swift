import MCP

/// The `structuredContent` of each tool, field for field what `ToolSchemas` declares, in
/// snake_case like the tool arguments and hosts.json.
///
/// Built as `Value` directly rather than through `Codable`: the SDK (0.12.1) compiles a regular
/// expression for every string it decodes into a `Value`, and a JSON round trip here doubled that
/// cost on every call. Absent optionals are left out.
protocol StructuredOutput {
    var structured: Value { get }
}

extension Dictionary where Key == String, Value == MCP.Value {
    /// Adds the field only when it has a value.
    fileprivate mutating func set(_ key: String, _ value: MCP.Value?) {
        if let value { self[key] = value }
    }
}

struct HostsOutput: StructuredOutput {
    struct Host {
        let alias: String
        let hostname: String
        let username: String
        let port: Int
        let mode: String
        let verifyHostKey: Bool
    }

    let hosts: [Host]
    /// The hosts.json in use.
    let configPath: String
    /// Set while the file on disk is broken and the last good configuration is being served.
    let configProblem: String?

    var structured: Value {
        var fields: [String: Value] = [
            "hosts": .array(hosts.map {
                ["alias": .string($0.alias), "hostname": .string($0.hostname), "username": .string($0.username),
                 "port": .int($0.port), "mode": .string($0.mode), "verify_host_key": .bool($0.verifyHostKey)]
            }),
            "config_path": .string(configPath),
        ]
        fields.set("config_problem", configProblem.map(Value.string))
        return .object(fields)
    }
}

struct VerdictOutput: StructuredOutput {
    struct Reason {
        let rule: String
        let message: String
        let decision: String

        var structured: Value {
            ["rule": .string(rule), "message": .string(message), "decision": .string(decision)]
        }
    }

    let decision: String
    let reasons: [Reason]

    var structured: Value {
        ["decision": .string(decision), "reasons": .array(reasons.map(\.structured))]
    }
}

struct CheckCommandOutput: StructuredOutput {
    struct Segment {
        let program: String
        let arguments: [String]
    }

    let host: String
    let command: String
    let mode: String
    let verdict: VerdictOutput
    let segments: [Segment]

    var structured: Value {
        ["host": .string(host), "command": .string(command), "mode": .string(mode),
         "decision": .string(verdict.decision), "reasons": .array(verdict.reasons.map(\.structured)),
         "segments": .array(segments.map {
             ["program": .string($0.program), "arguments": .array($0.arguments.map(Value.string))]
         })]
    }
}

struct StreamOutput: StructuredOutput {
    /// The whole stream, or its beginning and end when it was over the inline budget.
    let text: String
    /// Bytes the command wrote to this stream.
    let totalBytes: Int
    /// The host's `max_output_bytes` cap was hit: bytes beyond it were not kept anywhere.
    let capped: Bool
    /// Where the full captured stream was saved when it did not fit inline.
    let savedTo: String?
    /// Bytes left out of `text` (they are in `saved_to`).
    let omittedBytes: Int

    var structured: Value {
        var fields: [String: Value] = [
            "text": .string(text), "total_bytes": .int(totalBytes), "capped": .bool(capped),
            "omitted_bytes": .int(omittedBytes),
        ]
        fields.set("saved_to", savedTo.map(Value.string))
        return .object(fields)
    }
}

struct RunCommandOutput: StructuredOutput {
    let host: String
    let command: String
    let exitStatus: Int?
    let signal: String?
    let timedOut: Bool
    let endedForOutputFlood: Bool
    let durationMs: Double
    let stdout: StreamOutput
    let stderr: StreamOutput
    let verdict: VerdictOutput
    /// How a command that needed confirmation was approved; absent when the policy allowed it.
    let approvedBy: String?

    var structured: Value {
        var fields: [String: Value] = [
            "host": .string(host), "command": .string(command), "timed_out": .bool(timedOut),
            "ended_for_output_flood": .bool(endedForOutputFlood), "duration_ms": .double(durationMs),
            "stdout": stdout.structured, "stderr": stderr.structured, "verdict": verdict.structured,
        ]
        fields.set("exit_status", exitStatus.map(Value.int))
        fields.set("signal", signal.map(Value.string))
        fields.set("approved_by", approvedBy.map(Value.string))
        return .object(fields)
    }
}

struct ReadFileOutput: StructuredOutput {
    let host: String
    let path: String
    let size: Int
    let bytesRead: Int
    let truncated: Bool
    let binary: Bool
    /// UTF-8 text; absent for a binary file.
    let content: String?

    var structured: Value {
        var fields: [String: Value] = [
            "host": .string(host), "path": .string(path), "size": .int(size), "bytes_read": .int(bytesRead),
            "truncated": .bool(truncated), "binary": .bool(binary),
        ]
        fields.set("content", content.map(Value.string))
        return .object(fields)
    }
}

struct ListDirOutput: StructuredOutput {
    struct Entry {
        let name: String
        let type: String
        let size: Int
        /// Permission bits in octal, e.g. "0644".
        let mode: String
        /// ISO 8601, UTC.
        let modified: String
    }

    let host: String
    let path: String
    let entries: [Entry]
    let truncated: Bool

    var structured: Value {
        ["host": .string(host), "path": .string(path), "truncated": .bool(truncated),
         "entries": .array(entries.map {
             ["name": .string($0.name), "type": .string($0.type), "size": .int($0.size),
              "mode": .string($0.mode), "modified": .string($0.modified)]
         })]
    }
}
