// The seam between "what to do on a host" (Gateway) and "how bytes get there" (a transport).
// The libssh2 pool (`SSHTransport.SSHConnectionPool`) implements it today; an OpenSSH-client
// transport and the in-memory transport of the unit tests implement the same four calls, so
// nothing above this protocol knows which one carries a request.

/// Runs commands and reads files on SSH targets, keeping whatever sessions it likes between calls.
///
/// Errors: every call throws either `SSHError` (what failed, phrased for the user) or
/// `CancellationError` (the calling task was cancelled; a started command was ended). Anything
/// else is a bug in the transport and is reported as an internal error, never as a cancellation.
public protocol RemoteTransport: Sendable {
    /// Runs `request.command` with `/bin/sh -c` semantics on the target.
    func exec(_ target: SSHTarget, _ request: ExecRequest) async throws -> ExecResult
    /// Reads at most `maxBytes` bytes from the start of a remote file.
    func readFile(_ target: SSHTarget, path: String, maxBytes: Int) async throws -> RemoteFile
    /// Lists a remote directory, sorted by name, at most `maxEntries` entries.
    func listDirectory(_ target: SSHTarget, path: String, maxEntries: Int) async throws -> RemoteDirectoryListing
    /// Forgets the target's session (its configuration changed or was removed).
    func close(_ target: SSHTarget) async
    /// Ends every session; returns once no session is still in use (or a short grace period passed).
    func closeAll() async
    /// Which client carries (or will carry) `target`'s requests and why, for `list_hosts` and
    /// `hosts`, e.g. "openssh (libssh2: no common cipher; server offers chacha20-poly1305@openssh.com)";
    /// nil when the transport has only one way.
    func transportInUse(for target: SSHTarget) async -> String?
}

extension RemoteTransport {
    public func transportInUse(for target: SSHTarget) async -> String? { nil }
}
