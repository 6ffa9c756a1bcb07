import Gateway

/// `read_file`: an SFTP read, no shell; secrets are refused by the gateway (only `run_command`
/// can ask a human about them).
enum ReadFileTool {
    static let name = "read_file"

    /// The most `max_bytes` may ask for (schema `maximum` and code): more belongs in run_command
    /// with head/tail/sed, or a copy.
    static let maxBytesLimit = 16 << 20
    /// Text up to this size is returned inline; a larger read is saved whole to the private spill
    /// file and its beginning and end are returned, as for command output.
    static let inlineBytes = 256 * 1024

    static func entry(gateway: Gateway, spill: OutputSpill) -> AgentTool {
        AgentTool(
            name: name, title: "Read a remote file",
            description: """
                Read a file on a host over SFTP (no shell is started; the remote account's permissions \
                apply). Returns the text; a binary file is reported with its size instead of dumped. \
                `max_bytes` limits how much is read (default: the host's output cap, 1 MiB unless \
                configured; at most 16 MiB); `truncated` says whether the file is longer. Only \
                regular files are read (not FIFOs or devices). Text over 256 KiB is saved whole to a \
                private file on the machine running this server; the result names it and shows the \
                beginning and end.
                """,
            input: ToolInput(
                [
                    "host": SharedArguments.host,
                    "path": SharedArguments.remotePath,
                    "max_bytes": [
                        "type": "integer", "minimum": 1, "maximum": .int(maxBytesLimit),
                        "description": "Read at most this many bytes (at most 16 MiB).",
                    ],
                ], required: ["host", "path"]),
            outputSchema: outputSchema,
            annotations: .init(title: "Read a file", readOnly: true, idempotent: true, openWorld: true),
            handler: { arguments, _ in .complete(try await run(arguments, gateway, spill)) })
    }

    static func run(_ arguments: ToolArguments, _ gateway: Gateway, _ spill: OutputSpill) async throws(InvalidToolCall)
        -> ToolResult
    {
        let host = try arguments.requiredString("host")
        let path = try arguments.requiredString("path")
        let maxBytes = try arguments.optionalPositiveInteger("max_bytes", atMost: maxBytesLimit)
        let file: FileRead
        do {
            file = try await gateway.fileRead(host: host, path: path, maxBytes: maxBytes, limit: maxBytesLimit)
        } catch {
            return .failure("\(error)")
        }
        var text = Self.text(of: file.content, truncated: file.truncated)
        var savedTo: String?
        if text != nil, file.content.count > spill.inlineBytes {
            let excerpt = spill.render(file.content, totalBytes: file.content.count, capped: file.truncated, label: "file")
            text = excerpt.text
            savedTo = excerpt.savedTo
        }
        let output = Output(
            host: host, path: path, size: file.size, bytesRead: file.content.count,
            truncated: file.truncated, binary: text == nil, content: text, savedTo: savedTo)
        var rendered: String
        if let text {
            rendered = text
            if file.truncated {
                rendered +=
                    "\n[truncated: read \(file.content.count) of \(file.size) bytes; pass a larger max_bytes, or use run_command with tail/sed to read a part]"
            }
        } else {
            rendered =
                "\(path) on \(host) is binary (\(file.size) bytes); not shown. Use run_command with e.g. `file`, `xxd | head` or `base64` if you need to inspect it."
        }
        return .success(output, text: rendered)
    }

    /// The bytes as text when they are UTF-8 without NULs; nil for binary content. A multi-byte
    /// character cut by `max_bytes` at the end of a truncated read does not make the file binary.
    static func text(of bytes: [UInt8], truncated: Bool) -> String? {
        guard !bytes.contains(0) else { return nil }
        for cut in 0...(truncated ? min(3, bytes.count) : 0) {
            if let text = String(validating: bytes.dropLast(cut), as: UTF8.self) { return text }
        }
        return nil
    }

    struct Output: StructuredOutput {
        let host: String
        let path: String
        let size: Int
        let bytesRead: Int
        let truncated: Bool
        let binary: Bool
        /// UTF-8 text; absent for a binary file. Its beginning and end when `savedTo` is set.
        let content: String?
        /// The private file holding the whole read when it was too large to return inline.
        let savedTo: String?

        var structured: ToolValue {
            var fields: [String: ToolValue] = [
                "host": .string(host), "path": .string(path), "size": .int(size), "bytes_read": .int(bytesRead),
                "truncated": .bool(truncated), "binary": .bool(binary),
            ]
            fields.set("content", content.map(ToolValue.string))
            fields.set("saved_to", savedTo.map(ToolValue.string))
            return .object(fields)
        }
    }

    static let outputSchema: ToolValue = OutputSchema.object(
        [
            "host": OutputSchema.string, "path": OutputSchema.string, "size": OutputSchema.integer,
            "bytes_read": OutputSchema.integer, "truncated": OutputSchema.boolean, "binary": OutputSchema.boolean,
            "content": [
                "type": ["string", "null"],
                "description": "UTF-8 text; absent for binary files; only the beginning and end when saved_to is set.",
            ],
            "saved_to": [
                "type": ["string", "null"], "description": "Private file holding the whole read when it was over 256 KiB.",
            ],
        ], required: ["host", "path", "size", "bytes_read", "truncated", "binary"])
}
