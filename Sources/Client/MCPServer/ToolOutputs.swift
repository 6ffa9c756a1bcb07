/// The `structuredContent` of each tool, field for field what `ToolSchemas` declares.
/// snake_case on the wire, like the tool arguments and hosts.json.

struct HostsOutput: Encodable {
    struct Host: Encodable {
        let alias: String
        let hostname: String
        let username: String
        let port: Int
        let mode: String
        let verifyHostKey: Bool

        enum CodingKeys: String, CodingKey {
            case alias, hostname, username, port, mode
            case verifyHostKey = "verify_host_key"
        }
    }

    let hosts: [Host]
    /// The hosts.json in use.
    let configPath: String
    /// Set while the file on disk is broken and the last good configuration is being served.
    let configProblem: String?

    enum CodingKeys: String, CodingKey {
        case hosts
        case configPath = "config_path"
        case configProblem = "config_problem"
    }
}

struct VerdictOutput: Encodable {
    struct Reason: Encodable {
        let rule: String
        let message: String
        let decision: String
    }

    let decision: String
    let reasons: [Reason]
}

struct CheckCommandOutput: Encodable {
    let host: String
    let command: String
    let mode: String
    let decision: String
    let reasons: [VerdictOutput.Reason]
}

struct StreamOutput: Encodable {
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

    enum CodingKeys: String, CodingKey {
        case text, capped
        case totalBytes = "total_bytes"
        case savedTo = "saved_to"
        case omittedBytes = "omitted_bytes"
    }
}

struct RunCommandOutput: Encodable {
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

    enum CodingKeys: String, CodingKey {
        case host, command, signal, stdout, stderr, verdict
        case exitStatus = "exit_status"
        case timedOut = "timed_out"
        case endedForOutputFlood = "ended_for_output_flood"
        case durationMs = "duration_ms"
        case approvedBy = "approved_by"
    }
}

struct ReadFileOutput: Encodable {
    let host: String
    let path: String
    let size: Int
    let bytesRead: Int
    let truncated: Bool
    let binary: Bool
    /// UTF-8 text; absent for a binary file.
    let content: String?

    enum CodingKeys: String, CodingKey {
        case host, path, size, truncated, binary, content
        case bytesRead = "bytes_read"
    }
}

struct ListDirOutput: Encodable {
    struct Entry: Encodable {
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
}
