import Foundation
import Gateway
import MCP
import RemoteAccess

/// `read_file` and `list_dir`: SFTP reads, no shell and no policy prompt.
struct FileTools: Sendable {
    let gateway: Gateway

    func readFile(_ arguments: ToolArguments) async throws -> CallTool.Result {
        let host = try arguments.requiredString("host")
        let path = try arguments.requiredString("path")
        let maxBytes = try arguments.optionalPositiveInteger("max_bytes")
        let file: RemoteFile
        do {
            file = try await gateway.readFile(host: host, path: path, maxBytes: maxBytes)
        } catch {
            return ToolResult.failure("\(error)")
        }
        let text = Self.text(of: file.content, truncated: file.truncated)
        let output = ReadFileOutput(host: host, path: path, size: Int(file.size), bytesRead: file.content.count,
                                    truncated: file.truncated, binary: text == nil, content: text)
        var rendered: String
        if let text {
            rendered = text
            if file.truncated {
                rendered += "\n[truncated: read \(file.content.count) of \(file.size) bytes; pass a larger max_bytes, or use run_command with tail/sed to read a part]"
            }
        } else {
            rendered = "\(path) on \(host) is binary (\(file.size) bytes); not shown. Use run_command with e.g. `file`, `xxd | head` or `base64` if you need to inspect it."
        }
        return ToolResult.success(output, text: rendered)
    }

    func listDir(_ arguments: ToolArguments) async throws -> CallTool.Result {
        let host = try arguments.requiredString("host")
        let path = try arguments.requiredString("path")
        let listing: RemoteDirectoryListing
        do {
            listing = try await gateway.listDirectory(host: host, path: path, maxEntries: ToolLimits.maxDirectoryEntries)
        } catch {
            return ToolResult.failure("\(error)")
        }
        let formatter = ISO8601DateFormatter()
        let entries = listing.entries.map { entry in
            ListDirOutput.Entry(name: entry.name, type: entry.type.rawValue, size: Int(entry.size),
                                mode: "0" + String(entry.mode & 0o7777, radix: 8),
                                modified: formatter.string(from: entry.modified))
        }
        let output = ListDirOutput(host: host, path: path, entries: entries, truncated: listing.truncated)
        var lines = entries.map { "\($0.mode) \($0.type.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String($0.size).leftPadded(12)) \($0.modified) \($0.name)" }
        if lines.isEmpty { lines = ["\(path) on \(host) is empty"] }
        if listing.truncated { lines.append("[only the first \(entries.count) entries are shown]") }
        return ToolResult.success(output, text: lines.joined(separator: "\n"))
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
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
