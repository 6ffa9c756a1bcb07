import AgentPolicy
import MCP

/// JSON Schemas of the tools' `structuredContent` (see `ToolOutputs`). Clients validate results
/// against these, so every field the outputs can carry is declared here.
enum ToolSchemas {
    static let listHostsOutput: Value = object([
        "hosts": array(object([
            "alias": string, "hostname": string, "username": string, "port": integer,
            "mode": modeSchema, "verify_host_key": boolean,
        ])),
        "config_path": string,
        "config_problem": string,
    ], required: ["hosts", "config_path"])

    static let checkCommandOutput: Value = object([
        "host": string, "command": string, "mode": modeSchema, "decision": decisionSchema,
        "reasons": array(reason),
        "segments": [
            "type": "array", "description": "Every command the policy found, nested ones included, as it saw them.",
            "items": object(["program": string, "arguments": array(string)]),
        ],
    ])

    static let runCommandOutput: Value = object([
        "host": string, "command": string,
        "exit_status": ["type": ["integer", "null"], "description": "Exit status; absent or null when the command was ended by a signal or timeout."],
        "signal": ["type": ["string", "null"], "description": "Signal that ended the command, e.g. TERM."],
        "timed_out": boolean,
        "duration_ms": number,
        "stdout": stream, "stderr": stream,
        "verdict": verdict,
        "approved_by": ["type": ["string", "null"], "description": "How a command that needed confirmation was approved."],
        "ended_for_output_flood": ["type": "boolean", "description": "The command was ended because it kept writing far past max_output_bytes."],
    ], required: ["host", "command", "timed_out", "ended_for_output_flood", "duration_ms", "stdout", "stderr", "verdict"])

    static let readFileOutput: Value = object([
        "host": string, "path": string, "size": integer, "bytes_read": integer,
        "truncated": boolean, "binary": boolean,
        "content": ["type": ["string", "null"], "description": "UTF-8 text; absent for binary files."],
    ], required: ["host", "path", "size", "bytes_read", "truncated", "binary"])

    static let listDirOutput: Value = object([
        "host": string, "path": string,
        "entries": array(object([
            "name": string,
            "type": ["type": "string", "description": "file, directory, symlink or other (a symlink is reported as such, not as its target)"],
            "size": integer,
            "mode": ["type": "string", "description": "Permission bits in octal, e.g. 0644."],
            "modified": ["type": "string", "description": "Modification time, ISO 8601 UTC."],
        ])),
        "truncated": boolean,
    ])

    // MARK: Building blocks

    static let string: Value = ["type": "string"]
    static let integer: Value = ["type": "integer"]
    static let number: Value = ["type": "number"]
    static let boolean: Value = ["type": "boolean"]
    static let modeSchema: Value = ["type": "string", "enum": .array(PolicyMode.allCases.map { .string($0.rawValue) })]
    static let decisionSchema: Value = ["type": "string", "enum": ["allow", "needs_confirmation", "block"]]
    static let reason: Value = object(["rule": string, "message": string, "decision": decisionSchema])
    static let verdict: Value = object(["decision": decisionSchema, "reasons": array(reason)])
    static let stream: Value = object([
        "text": string,
        "total_bytes": integer,
        "capped": ["type": "boolean", "description": "The host's max_output_bytes cap was hit; bytes beyond it were dropped."],
        "saved_to": ["type": ["string", "null"], "description": "Private file holding the full output when it did not fit inline."],
        "omitted_bytes": integer,
    ], required: ["text", "total_bytes", "capped", "omitted_bytes"])

    /// An object schema; every property is required unless `required` says otherwise.
    static func object(_ properties: [String: Value], required: [String]? = nil) -> Value {
        [
            "type": "object",
            "properties": .object(properties),
            "required": .array((required ?? properties.keys.sorted()).map { .string($0) }),
        ]
    }

    static func array(_ items: Value) -> Value {
        ["type": "array", "items": items]
    }
}
