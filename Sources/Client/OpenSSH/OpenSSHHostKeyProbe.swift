// What `ssh-for-agents-config trust` asks a host that only the OpenSSH client reaches (AEAD
// ciphers only, a ProxyJump alias): its host key, with no credential sent. ssh itself fetches
// it: once with StrictHostKeyChecking=accept-new into an empty private known_hosts (every
// authentication method off, so the login fails right after the key was written), once against
// the host's real known_hosts with the transport's strict settings, to tell trusted, unknown
// and changed apart with the transport's own words.
import AgentContracts
import Foundation
import RemoteAccess

public enum OpenSSHHostKeyProbe {
    public enum Standing: Sendable, Equatable {
        case trusted
        case unknown
        case changed(expectedFingerprint: String, entryFile: String)
    }

    public struct Presented: Sendable, Equatable {
        public let keyType: String
        /// The key blob in base64, as known_hosts writes it.
        public let base64: String
        public let fingerprint: String
    }

    public static func fetch(_ target: SSHTarget, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> (Presented, Standing)
    {
        try await OpenSSHTransport.onThreadThrowing { try probe(target, environment: environment) }
    }

    private static func probe(_ target: SSHTarget, environment: [String: String]) throws(SSHError) -> (Presented, Standing) {
        let directory = try ControlDirectory.prepare(environment: environment)
        let arguments = SSHArguments(target: target, directory: directory)
        let config = try TargetSSHConfig.write(arguments, environment: environment)
        let noCredentials = SSHArguments.noCredentials(target)
        let scratch = directory.path + "/probe-" + UUID().uuidString.prefix(8)
        FileManager.default.createFile(atPath: scratch, contents: Data(), attributes: [.posixPermissions: 0o600])
        defer { unlink(scratch) }
        var fetch = [SSHArguments.ssh, "-F", config]
        if target.sshConfigHost != nil, !target.hostname.isEmpty { fetch += ["-o", "HostName=\(target.hostname)"] }
        if target.port > 0 { fetch += ["-p", String(target.port)] }
        if !target.username.isEmpty { fetch += ["-l", target.username] }
        fetch +=
            noCredentials + [
                "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=\(scratch)",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "HashKnownHosts=no", "-o", "UpdateHostKeys=no",
                "-N", arguments.destination,
            ]
        let fetched = try? SpawnedProcess.run(fetch, limit: target.connectTimeout * 3 + .seconds(5))
        let line = ((try? String(contentsOfFile: scratch, encoding: .utf8)) ?? "").split(separator: "\n").first
        guard let fields = line?.split(separator: " "), fields.count >= 3, let blob = Data(base64Encoded: String(fields[2]))
        else {
            let said = fetched.map { String(decoding: $0.stderr, as: UTF8.self) } ?? ""
            throw SSHClientMessages.connectFailure(said, target: target, arguments: arguments)
        }
        let presented = Presented(
            keyType: String(fields[1]), base64: String(fields[2]), fingerprint: KeyFingerprint.sha256(ofKeyBlob: [UInt8](blob)))

        // The same attempt the transport makes, credentials off: where does the key stand?
        let checked = try? SpawnedProcess.run(
            arguments.common() + noCredentials + ["-N", arguments.destination], limit: target.connectTimeout * 3 + .seconds(5))
        let said = checked.map { String(decoding: $0.stderr, as: UTF8.self) } ?? ""
        guard said.contains("Host key verification failed") || said.contains("host key is known for") else {
            return (presented, .trusted)
        }
        switch HostKeyDiagnosis.error(log: said, target: target, arguments: arguments) {
        case .hostKeyChanged(_, _, _, let expected, _, _, let entryFile):
            return (presented, .changed(expectedFingerprint: expected, entryFile: entryFile))
        case .unknownHostKey:
            return (presented, .unknown)
        case let other:
            throw other
        }
    }
}
