import AgentContracts
import AgentPolicy
import Foundation
import Gateway

// The only file that touches the transport's value types (`RemoteFile`, `RemoteDirectoryListing`,
// `ExecResult`, `ExecStream`), and only as the gateway returns them, without naming them or
// importing their module: they are moving behind a transport protocol, possibly to another
// module. The tools see the plain views below.

/// What `read_file` needs of a read.
struct FileRead: Sendable {
    let content: [UInt8]
    let size: Int
    /// The file is longer than what was read.
    let truncated: Bool
}

/// What `list_dir` needs of a listing.
struct DirectoryRead: Sendable {
    struct Entry: Sendable {
        let name: String
        /// file, directory, symlink or other.
        let type: String
        let size: Int
        let mode: UInt32
        let modified: Date
    }

    let entries: [Entry]
    /// There were more entries than asked for.
    let truncated: Bool
}

/// What `run_command` needs of a finished command.
struct CommandRun: Sendable {
    struct Stream: Sendable {
        /// What was kept (up to the host's `max_output_bytes`).
        let bytes: [UInt8]
        /// What the command wrote.
        let totalBytes: Int
        /// The host's cap was hit.
        let capped: Bool
    }

    let host: String
    let verdict: Verdict
    let approvedBy: String?
    let stdout: Stream
    let stderr: Stream
    let exitStatus: Int?
    let signal: String?
    let timedOut: Bool
    let endedForOutputFlood: Bool
    /// It was to be ended (timeout, flood) but that was not confirmed: it may still run.
    let endUnconfirmed: Bool
    let duration: Duration
    /// The server's enforcer refused it: nothing ran.
    var serverRefusal: EnforcerRefusal? = nil
}

extension Gateway {
    /// `maxBytes` nil: the host's output cap, but never more than `limit`.
    func fileRead(host: String, path: String, maxBytes: Int?, limit: Int) async throws(GatewayError) -> FileRead {
        let requested: Int
        if let maxBytes { requested = maxBytes } else { requested = try await self.host(host).policy.maxOutputBytes }
        let cap = min(requested, limit)
        let file = try await readFile(host: host, path: path, maxBytes: cap)
        return FileRead(content: file.content, size: Int(file.size), truncated: file.truncated)
    }

    func directoryRead(host: String, path: String, maxEntries: Int) async throws(GatewayError) -> DirectoryRead {
        let listing = try await listDirectory(host: host, path: path, maxEntries: maxEntries)
        return DirectoryRead(
            entries: listing.entries.map {
                .init(name: $0.name, type: $0.type.rawValue, size: Int($0.size), mode: $0.mode, modified: $0.modified)
            },
            truncated: listing.truncated)
    }

    /// `observe` sees every kept chunk of output as it arrives (`isStderr` says which stream).
    /// `memoryBytes`: how much of each stream the result holds in `Stream.bytes` (nil: all that
    /// is kept); a caller that saves what it observes passes 0.
    func commandRun(
        host: String, command: String, timeout: Duration?, confirmer: any Confirmer,
        memoryBytes: Int? = nil,
        observe: (@Sendable (_ isStderr: Bool, ArraySlice<UInt8>) -> Void)?
    ) async throws(GatewayError) -> CommandRun {
        var request = RunRequest(host: host, command: command, timeout: timeout, memoryBytes: memoryBytes)
        if let observe { request.onOutput = { stream, chunk in observe(stream == .stderr, chunk) } }
        return CommandRun(try await run(request, confirmer: confirmer))
    }
}

extension CommandRun {
    init(_ outcome: RunOutcome) {
        let result = outcome.result
        self.init(
            host: outcome.host, verdict: outcome.verdict, approvedBy: outcome.approvedBy,
            stdout: .init(bytes: result.stdout.bytes, totalBytes: result.stdout.totalBytes, capped: result.stdout.truncated),
            stderr: .init(bytes: result.stderr.bytes, totalBytes: result.stderr.totalBytes, capped: result.stderr.truncated),
            exitStatus: result.exitStatus.map(Int.init), signal: result.exitSignal, timedOut: result.timedOut,
            endedForOutputFlood: result.endedForOutputFlood, endUnconfirmed: result.endUnconfirmed,
            duration: result.duration, serverRefusal: outcome.serverRefusal)
    }
}
