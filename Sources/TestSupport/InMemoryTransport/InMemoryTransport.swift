// A RemoteTransport that never touches the network: it records every call and answers from
// scripted handlers and an in-memory file tree. For fast unit tests of the layers above the
// transport (Gateway, tools), beside — never instead of — the real-sshd tests.
import Foundation
import RemoteAccess
import Synchronization

public final class InMemoryTransport: RemoteTransport {
    /// One call the transport received, in order.
    public enum Call: Sendable, Equatable {
        case exec(host: String, command: String, timeout: Duration?, maxOutputBytes: Int)
        case readFile(host: String, path: String, maxBytes: Int)
        case listDirectory(host: String, path: String, maxEntries: Int)
        case close(host: String)
        case closeAll
    }

    public typealias ExecHandler = @Sendable (SSHTarget, ExecRequest) async throws -> ExecResult

    private struct State {
        var calls: [Call] = []
        var files: [String: [UInt8]] = [:]
        var directories: [String: [RemoteDirectoryEntry]] = [:]
    }

    private let state = Mutex(State())
    private let execHandler: ExecHandler

    /// `exec` answers with `execHandler` (default: exit 0, the command echoed on stdout).
    public init(exec execHandler: @escaping ExecHandler = InMemoryTransport.echo) {
        self.execHandler = execHandler
    }

    public static let echo: ExecHandler = { _, request in
        InMemoryTransport.result(stdout: request.command, exitStatus: 0)
    }

    public static func result(stdout: String = "", stderr: String = "", exitStatus: Int32? = 0) -> ExecResult {
        let out = Array(stdout.utf8)
        let err = Array(stderr.utf8)
        return ExecResult(
            stdout: CapturedOutput(bytes: out, totalBytes: out.count),
            stderr: CapturedOutput(bytes: err, totalBytes: err.count),
            exitStatus: exitStatus, exitSignal: nil, timedOut: false, duration: .milliseconds(1))
    }

    public var calls: [Call] { state.withLock { $0.calls } }

    public func addFile(_ path: String, _ content: String) {
        state.withLock { $0.files[path] = Array(content.utf8) }
    }

    public func addDirectory(_ path: String, entries: [RemoteDirectoryEntry]) {
        state.withLock { $0.directories[path] = entries }
    }

    // MARK: RemoteTransport

    public func exec(_ target: SSHTarget, _ request: ExecRequest) async throws -> ExecResult {
        record(
            .exec(
                host: target.hostname, command: request.command, timeout: request.timeout,
                maxOutputBytes: request.maxOutputBytes))
        let result = try await execHandler(target, request)
        request.onOutput?(.stdout, result.stdout.bytes[...])
        return result
    }

    public func readFile(_ target: SSHTarget, path: String, maxBytes: Int) async throws -> RemoteFile {
        record(.readFile(host: target.hostname, path: path, maxBytes: maxBytes))
        if state.withLock({ $0.directories[path] != nil }) { throw SSHError.remoteIsDirectory(path: path) }
        guard let content = state.withLock({ $0.files[path] }) else { throw SSHError.remoteFileNotFound(path: path) }
        return RemoteFile(
            content: Array(content.prefix(maxBytes)), size: UInt64(content.count),
            truncated: content.count > maxBytes)
    }

    public func listDirectory(_ target: SSHTarget, path: String, maxEntries: Int) async throws -> RemoteDirectoryListing {
        record(.listDirectory(host: target.hostname, path: path, maxEntries: maxEntries))
        guard let entries = state.withLock({ $0.directories[path] }) else {
            if state.withLock({ $0.files[path] != nil }) { throw SSHError.remoteNotDirectory(path: path) }
            throw SSHError.remoteFileNotFound(path: path)
        }
        let sorted = entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return RemoteDirectoryListing(entries: Array(sorted.prefix(maxEntries)), truncated: sorted.count > maxEntries)
    }

    public func close(_ target: SSHTarget) async {
        record(.close(host: target.hostname))
    }

    public func closeAll() async {
        record(.closeAll)
    }

    private func record(_ call: Call) {
        state.withLock { $0.calls.append(call) }
    }
}
