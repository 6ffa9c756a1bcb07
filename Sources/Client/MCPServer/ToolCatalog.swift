import MCP

/// The five tools as clients and models see them: names, descriptions written for a model,
/// input schemas (closed: `additionalProperties: false`), output schemas and honest annotations.
enum ToolCatalog {
    static let listHosts = "list_hosts"
    static let checkCommand = "check_command"
    static let runCommand = "run_command"
    static let readFile = "read_file"
    static let listDir = "list_dir"

    static var names: [String] { all.map(\.name) }

    static let all: [Tool] = [
        Tool(
            name: listHosts, title: "List SSH hosts",
            description: """
                List the SSH hosts you can use: each alias with its hostname, user, port, and the policy \
                mode that applies to it (readonly: only read-only commands run; cautious: anything beyond \
                read-only needs a human's approval; guarded: most commands run, destructive ones need a \
                human's approval; unrestricted: everything runs). Call this \
                first: every other tool takes one of these aliases as `host`.
                """,
            inputSchema: closedObject([:]),
            annotations: .init(title: "List SSH hosts", readOnlyHint: true, idempotentHint: true, openWorldHint: false),
            outputSchema: ToolSchemas.listHostsOutput),
        Tool(
            name: checkCommand, title: "Check a command against the policy",
            description: """
                Ask what the safety policy would do with a shell command on a host, without running it. \
                The decision is allow (runs), needs_confirmation (runs only after a human approves it) or \
                block (never runs; no confirmation can unlock it, so change the command). Each non-allow \
                decision comes with rule ids and reasons. Use it to plan before destructive or unusual work.
                """,
            inputSchema: closedObject([
                "host": ["type": "string", "description": "Host alias from list_hosts."],
                "command": ["type": "string", "description": "The exact shell command to evaluate."],
            ], required: ["host", "command"]),
            annotations: .init(title: "Check a command", readOnlyHint: true, idempotentHint: true, openWorldHint: false),
            outputSchema: ToolSchemas.checkCommandOutput),
        Tool(
            name: runCommand, title: "Run a shell command on a host",
            description: """
                Run a shell command on a host over SSH (`/bin/sh -c`, as the host's configured user, no \
                terminal, no stdin) and return stdout, stderr, exit status (or signal), whether it timed \
                out, the duration and the policy verdict. The policy checks the command first: allowed \
                commands run at once; blocked ones never run (change the command instead of retrying); \
                commands that need confirmation are shown to the human by your client when it can ask, \
                and run only if they accept. When the client cannot ask, the host's setting decides: \
                either the command runs only if you pass `confirm: true` AFTER the user explicitly \
                approved this exact command in the conversation, or it is refused. Never set `confirm` on \
                your own judgement. Output beyond about 10 kB per stream is saved in full to a private \
                file on the machine running this server; the result names the file and its size, and \
                shows the beginning and end inline.
                """,
            inputSchema: closedObject([
                "host": ["type": "string", "description": "Host alias from list_hosts."],
                "command": ["type": "string", "description": "Shell command, run by /bin/sh -c on the host."],
                "confirm": [
                    "type": "boolean",
                    "description": "Only when the user has explicitly approved this exact command and the client cannot ask them itself. Ignored when the client asks the human directly.",
                ],
                "timeout": [
                    "type": "number", "exclusiveMinimum": 0,
                    "description": "Seconds before the command is ended (default: the host's default_timeout, usually 60).",
                ],
            ], required: ["host", "command"]),
            annotations: .init(title: "Run a command", readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true),
            outputSchema: ToolSchemas.runCommandOutput),
        Tool(
            name: readFile, title: "Read a remote file",
            description: """
                Read a file on a host over SFTP (no shell is started; the remote account's permissions \
                apply). Returns the text; a binary file is reported with its size instead of dumped. \
                `max_bytes` limits how much is read (default: the host's output cap, 1 MiB unless \
                configured); `truncated` says whether the file is longer.
                """,
            inputSchema: closedObject([
                "host": ["type": "string", "description": "Host alias from list_hosts."],
                "path": ["type": "string", "description": "Absolute path, or relative to the account's home directory."],
                "max_bytes": ["type": "integer", "minimum": 1, "description": "Read at most this many bytes."],
            ], required: ["host", "path"]),
            annotations: .init(title: "Read a file", readOnlyHint: true, idempotentHint: true, openWorldHint: true),
            outputSchema: ToolSchemas.readFileOutput),
        Tool(
            name: listDir, title: "List a remote directory",
            description: """
                List a directory on a host over SFTP: each entry's name, type (file, directory, symlink, \
                …), size in bytes, permission bits and modification time. At most \
                \(ToolLimits.maxDirectoryEntries) entries; `truncated` says whether there were more.
                """,
            inputSchema: closedObject([
                "host": ["type": "string", "description": "Host alias from list_hosts."],
                "path": ["type": "string", "description": "Absolute path, or relative to the account's home directory."],
            ], required: ["host", "path"]),
            annotations: .init(title: "List a directory", readOnlyHint: true, idempotentHint: true, openWorldHint: true),
            outputSchema: ToolSchemas.listDirOutput),
    ]

    static func closedObject(_ properties: [String: Value], required: [String] = []) -> Value {
        var schema: [String: Value] = [
            "type": "object", "properties": .object(properties), "additionalProperties": false,
        ]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        return .object(schema)
    }
}

/// Bounds the tools apply on top of the host's own caps.
enum ToolLimits {
    /// Keeps a listing of a huge directory from flooding the model's context.
    static let maxDirectoryEntries = 1000
}
