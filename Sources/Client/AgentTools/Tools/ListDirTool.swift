import Foundation
import Gateway

/// `list_dir`: an SFTP directory listing, no shell and no policy prompt.
enum ListDirTool {
    static let name = "list_dir"
    /// Keeps a listing of a huge directory from flooding the model's context.
    static let maxEntries = 1000

    static func entry(gateway: Gateway) -> AgentTool {
        AgentTool(
            name: name, title: "List a remote directory",
            description: """
                List a directory on a host over SFTP: each entry's name, type (file, directory, symlink, \
                …), size in bytes, permission bits and modification time. At most \
                \(maxEntries) entries; `truncated` says whether there were more.
                """,
            input: ToolInput(
                [
                    "host": SharedArguments.host,
                    "path": SharedArguments.remotePath,
                ], required: ["host", "path"]),
            outputSchema: outputSchema,
            annotations: .init(title: "List a directory", readOnly: true, idempotent: true, openWorld: true),
            handler: { arguments, _ in .complete(try await run(arguments, gateway)) })
    }

    static func run(_ arguments: ToolArguments, _ gateway: Gateway) async throws(InvalidToolCall) -> ToolResult {
        let host = try arguments.requiredString("host")
        let path = try arguments.requiredString("path")
        let listing: DirectoryRead
        do {
            listing = try await gateway.directoryRead(host: host, path: path, maxEntries: maxEntries)
        } catch {
            return .failure("\(error)")
        }
        let formatter = ISO8601DateFormatter()
        let entries = listing.entries.map { entry in
            Output.Entry(
                name: entry.name, type: entry.type, size: entry.size,
                mode: "0" + String(entry.mode & 0o7777, radix: 8),
                modified: formatter.string(from: entry.modified))
        }
        let output = Output(host: host, path: path, entries: entries, truncated: listing.truncated)
        var lines = entries.map {
            "\($0.mode) \($0.type.padding(toLength: 9, withPad: " ", startingAt: 0)) \(leftPadded(String($0.size), 12)) \($0.modified) \($0.name)"
        }
        if lines.isEmpty { lines = ["\(path) on \(host) is empty"] }
        if listing.truncated { lines.append("[only the first \(entries.count) entries are shown]") }
        return .success(output, text: lines.joined(separator: "\n"))
    }

    static func leftPadded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    struct Output: StructuredOutput {
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

        var structured: ToolValue {
            [
                "host": .string(host), "path": .string(path), "truncated": .bool(truncated),
                "entries": .array(
                    entries.map {
                        [
                            "name": .string($0.name), "type": .string($0.type), "size": .int($0.size),
                            "mode": .string($0.mode), "modified": .string($0.modified),
                        ]
                    }),
            ]
        }
    }

    static let outputSchema: ToolValue = OutputSchema.object([
        "host": OutputSchema.string, "path": OutputSchema.string,
        "entries": OutputSchema.array(
            OutputSchema.object([
                "name": OutputSchema.string,
                "type": [
                    "type": "string",
                    "description": "file, directory, symlink or other (a symlink is reported as such, not as its target)",
                ],
                "size": OutputSchema.integer,
                "mode": ["type": "string", "description": "Permission bits in octal, e.g. 0644."],
                "modified": ["type": "string", "description": "Modification time, ISO 8601 UTC."],
            ])),
        "truncated": OutputSchema.boolean,
    ])
}
