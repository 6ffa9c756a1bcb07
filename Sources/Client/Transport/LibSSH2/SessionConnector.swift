// The connect sequence, in order: TCP, SSH handshake, host-key check, authentication.
// Runs on the connection's own thread, never on Swift's cooperative pool.
import CLibSSH2
import Foundation

enum SessionConnector {
    /// Host key types we ask for, most preferred first (OpenSSH's modern order), so the key
    /// negotiated is the one known_hosts most likely has.
    private static let hostKeyPreference =
        "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256,ssh-rsa"

    static func connect(_ target: SSHTarget, warn: @Sendable (String) -> Void) -> Result<LibSSH2Session, SSHError> {
        let session: LibSSH2Session
        switch handshake(target) {
        case .failure(let error): return .failure(error)
        case .success(let opened): session = opened
        }
        if let error = HostKeyCheck.verify(session, target: target, warn: warn) {
            session.close(reason: "host key not trusted")
            return .failure(error)
        }
        if let error = Authentication.authenticate(
            session, target: target,
            deadline: ContinuousClock.now.advanced(by: target.connectTimeout))
        {
            session.close(reason: "authentication failed")
            return .failure(error)
        }
        return .success(session)
    }

    /// TCP and the SSH handshake: a session whose host key is not yet checked and which has sent
    /// no credential.
    static func handshake(_ target: SSHTarget) -> Result<LibSSH2Session, SSHError> {
        let socket: Int32
        switch TCPConnect.open(host: target.hostname, port: target.port, timeout: target.connectTimeout) {
        case .failure(let error): return .failure(error)
        case .success(let opened): socket = opened
        }
        guard let session = LibSSH2Session(socket: socket) else {
            close(socket)
            return .failure(
                .connectFailed(host: target.hostname, port: target.port, reason: "libssh2 could not create a session"))
        }
        _ = libssh2_session_method_pref(session.raw, LIBSSH2_METHOD_HOSTKEY, hostKeyPreference)

        let deadline = ContinuousClock.now.advanced(by: target.connectTimeout)
        if case .failed(let code, let message) = session.untilDone(
            deadline: deadline, { libssh2_session_handshake(session.raw, socket) })
        {
            let error: SSHError
            if code == LIBSSH2_ERROR_TIMEOUT {
                error = .connectTimedOut(host: target.hostname, port: target.port, seconds: target.connectTimeout.secondsDouble)
            } else if let mismatch = AlgorithmProbe.findMismatch(target: target, session: session) {
                error = mismatch
            } else {
                error = .handshakeFailed(host: target.hostname, port: target.port, reason: message)
            }
            session.close()
            return .failure(error)
        }
        return .success(session)
    }
}
