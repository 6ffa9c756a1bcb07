// What `ssh-for-agents-config trust` asks the server: its host key, through the same libssh2
// handshake (and host-key preference) the transport uses, so the key trusted is the key the
// transport will later be shown. Only TCP and the handshake: no credential is ever sent.
import AgentContracts
import CLibSSH2
import Foundation

/// A server's host key as presented in the handshake.
public struct PresentedHostKey: Sendable, Equatable {
    /// The SSH name of the key type (`ssh-ed25519`, `ecdsa-sha2-nistp256`).
    public let keyType: String
    /// The public key blob, base64 as known_hosts writes it.
    public let base64: String
    /// `SHA256:…`, as `ssh-keygen -lf` prints it.
    public let fingerprint: String

    /// For a key another client fetched (the OpenSSH transport's probe).
    public init(keyType: String, base64: String, fingerprint: String) {
        self.keyType = keyType
        self.base64 = base64
        self.fingerprint = fingerprint
    }
}

/// How the presented key stands against the known_hosts files.
public enum HostKeyStanding: Sendable, Equatable {
    case trusted
    case unknown
    /// A known_hosts entry for this host holds another key: its fingerprint and file.
    case changed(expectedFingerprint: String, entryFile: String)
}

public enum HostKeyProbe {
    /// Connects to `hostname:port`, takes the host key it presents and checks it against
    /// `knownHostsFiles` (empty: `~/.ssh/known_hosts` and `/etc/ssh/ssh_known_hosts`).
    public static func fetch(
        hostname: String, port: Int, knownHostsFiles: [String],
        timeout: Duration = .seconds(10)
    ) async throws(SSHError) -> (PresentedHostKey, HostKeyStanding) {
        let target = SSHTarget(
            hostname: hostname, port: port, username: "-", authentication: .agent,
            hostKeyVerification: .knownHosts(files: knownHostsFiles), connectTimeout: timeout)
        // The handshake blocks; it runs on a thread of its own, never on Swift's cooperative pool.
        let result: Result<(PresentedHostKey, HostKeyStanding), SSHError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: probe(target)) }
        }
        return try result.get()
    }

    private static func probe(_ target: SSHTarget) -> Result<(PresentedHostKey, HostKeyStanding), SSHError> {
        let session: LibSSH2Session
        switch SessionConnector.handshake(target) {
        case .failure(let error): return .failure(error)
        case .success(let opened): session = opened
        }
        defer { session.close(reason: "host key fetched") }
        guard let key = HostKeyCheck.presentedKey(session) else {
            return .failure(.hostKeyCheckFailed(host: target.hostname, reason: "the server presented no host key"))
        }
        let presented = PresentedHostKey(
            keyType: key.typeName, base64: Data(key.blob).base64EncodedString(),
            fingerprint: key.fingerprint)
        switch HostKeyCheck.verify(session, target: target, warn: { _ in }) {
        case nil:
            return .success((presented, .trusted))
        case .unknownHostKey?:
            return .success((presented, .unknown))
        case .hostKeyChanged(_, _, _, let expected, _, _, let entryFile)?:
            return .success((presented, .changed(expectedFingerprint: expected, entryFile: entryFile)))
        case let other?:
            return .failure(other)
        }
    }
}
