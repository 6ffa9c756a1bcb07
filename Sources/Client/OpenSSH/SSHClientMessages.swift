// Turns what the OpenSSH client said about a failed connection (its -E log) into the same
// `SSHError` the libssh2 transport reports, so a user reads one text whichever client ran.
import AgentContracts
import Foundation
import RemoteAccess

enum SSHClientMessages {
    /// The error for a master that did not come up; `log` is what ssh wrote while trying.
    static func connectFailure(_ raw: String, target: SSHTarget, arguments: SSHArguments) -> SSHError {
        let log = raw.replacingOccurrences(of: "\r", with: "")
        let host = target.hostname.isEmpty ? arguments.destination : target.hostname
        let port = target.port > 0 ? target.port : 22
        let lines = log.split(whereSeparator: \.isNewline).map(String.init)
        func line(containing text: String) -> String? { lines.first { $0.contains(text) } }
        // A hop's own complaint never reaches the master's log: ask the hops first.
        if let hopError = JumpHostDiagnosis.error(arguments) { return hopError }

        if log.contains("Host key verification failed") || log.contains("REMOTE HOST IDENTIFICATION HAS CHANGED")
            || log.contains("host key is known for")
        {
            return HostKeyDiagnosis.error(log: log, target: target, arguments: arguments)
        }
        if let found = line(containing: "Could not resolve hostname") {
            let reason = found.components(separatedBy: ": ").last ?? found
            return .hostNotFound(host: host, reason: reason)
        }
        if line(containing: "Connection refused") != nil { return .connectionRefused(host: host, port: port) }
        if line(containing: "Connection timed out") != nil || line(containing: "Operation timed out") != nil {
            return .connectTimedOut(host: host, port: port, seconds: target.connectTimeout.secondsDouble)
        }
        if let found = line(containing: "Unable to negotiate with") ?? line(containing: "no matching") {
            return .handshakeFailed(host: host, port: port, reason: "OpenSSH: \(found)")
        }
        if line(containing: "Permission denied") != nil {
            let user = target.username.isEmpty ? "(the user ~/.ssh/config names)" : target.username
            switch target.authentication {
            case .privateKey(let path, _): return .keyRefused(user: user, host: host, path: path)
            case .agent:
                return .authenticationFailed(
                    user: user, host: host,
                    reason: "the server accepted none of the keys ssh offered (ssh-agent, ~/.ssh/config's IdentityFile)")
            }
        }
        let last = lines.filter { !$0.hasPrefix("debug") && !$0.isEmpty }.suffix(3).joined(separator: " / ")
        return .connectFailed(host: host, port: port, reason: last.isEmpty ? "ssh gave no reason" : "ssh: \(last)")
    }
}

extension Duration {
    var secondsDouble: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
