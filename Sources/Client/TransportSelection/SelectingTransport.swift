// The transport the executables hand to Gateway: each target goes to libssh2 or OpenSSH as its
// hosts.json `transport` says. `auto` starts on libssh2 (in process, the faster warm call) and
// switches to OpenSSH, once per target for this process, when libssh2 cannot do the job: an RSA
// key the server refuses with SHA-1, no common cipher, MAC, key exchange or host-key type, or
// an ssh_config alias that needs ProxyJump, ProxyCommand or a certificate. Those failures all
// happen before a command is sent, so the retry on OpenSSH never runs anything twice.
import Foundation
import OpenSSHTransport
import RemoteAccess
import SSHTransport
import Synchronization

public final class SelectingTransport: RemoteTransport {
    public let libssh2: SSHConnectionPool
    public let openssh: OpenSSHTransport
    private let environment: [String: String]
    /// `auto` targets that moved to OpenSSH, with the reason in words.
    private let switched = Mutex<[SSHTarget: String]>([:])

    public init(
        libssh2: SSHConnectionPool, openssh: OpenSSHTransport,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.libssh2 = libssh2
        self.openssh = openssh
        self.environment = environment
    }

    public convenience init(warningHandler: @escaping @Sendable (String) -> Void) {
        self.init(
            libssh2: SSHConnectionPool(warningHandler: warningHandler), openssh: OpenSSHTransport(warningHandler: warningHandler))
    }

    public func exec(_ target: SSHTarget, _ request: ExecRequest) async throws -> ExecResult {
        try await route(target) { transport, routed in try await transport.exec(routed, request) }
    }

    public func readFile(_ target: SSHTarget, path: String, maxBytes: Int) async throws -> RemoteFile {
        try await route(target) { transport, routed in try await transport.readFile(routed, path: path, maxBytes: maxBytes) }
    }

    public func listDirectory(_ target: SSHTarget, path: String, maxEntries: Int) async throws -> RemoteDirectoryListing {
        try await route(target) { transport, routed in
            try await transport.listDirectory(routed, path: path, maxEntries: maxEntries)
        }
    }

    public func close(_ target: SSHTarget) async {
        switched.withLock { _ = $0.removeValue(forKey: target) }
        if let libssh2Target = try? await libssh2Target(for: target) { await libssh2.close(libssh2Target) }
        await openssh.close(target)
    }

    public func closeAll() async {
        await libssh2.closeAll()
        await openssh.closeAll()
    }

    public func transportInUse(for target: SSHTarget) async -> String? {
        switch target.transport {
        case .libssh2: return "libssh2"
        case .openssh: return "openssh"
        case .auto:
            if let reason = switched.withLock({ $0[target] }) { return "openssh (\(reason))" }
            if let needs = try? await needsOpenSSH(target) { return "openssh (libssh2: \(needs))" }
            return "libssh2 (auto)"
        }
    }

    // MARK: -

    private func route<T: Sendable>(
        _ target: SSHTarget, _ call: (any RemoteTransport, SSHTarget) async throws -> T
    ) async throws -> T {
        switch target.transport {
        case .openssh:
            return try await call(openssh, target)
        case .libssh2:
            return try await call(libssh2, try await libssh2Target(for: target))
        case .auto:
            if switched.withLock({ $0[target] != nil }) { return try await call(openssh, target) }
            if let needs = try await needsOpenSSH(target) {
                remember(target, "libssh2: \(needs)")
                return try await call(openssh, target)
            }
            do {
                return try await call(libssh2, try await libssh2Target(for: target))
            } catch let error as SSHError {
                guard let reason = Self.libssh2CannotDoIt(error) else { throw error }
                remember(target, "libssh2: \(reason)")
                return try await call(openssh, target)
            }
        }
    }

    /// What only OpenSSH does for this target, known before connecting: the alias's ProxyJump,
    /// ProxyCommand or certificate, or a certificate that ssh would load next to the key file.
    private func needsOpenSSH(_ target: SSHTarget) async throws -> String? {
        if let alias = target.sshConfigHost {
            return try await SSHConfigResolution.resolved(alias, environment: environment).needsOpenSSH
        }
        if case .privateKey(let path, _) = target.authentication,
            let certificate = KeyCertificate.next(to: path, environment: environment)
        {
            return "a certificate (\(certificate)) next to the key"
        }
        return nil
    }

    private func remember(_ target: SSHTarget, _ reason: String) {
        switched.withLock { $0[target] = reason }
    }

    /// The failures only OpenSSH gets past, in words for `list_hosts`; nil for the others (a
    /// wrong address, an unknown host key, a refused key), which OpenSSH would meet too.
    static func libssh2CannotDoIt(_ error: SSHError) -> String? {
        switch error {
        case .noCommonAlgorithm(_, let kind, let offers, _):
            return "no common \(kind); server offers \(offers.joined(separator: ", "))"
        case .rsaSHA1Refused:
            return "RSA key refused (libssh2 1.10 signs RSA with SHA-1 only)"
        case .agentRSAKeysRefused:
            return "the ssh-agent's RSA keys refused (libssh2 1.10 signs RSA with SHA-1 only)"
        default:
            return nil
        }
    }

    /// libssh2 knows no ~/.ssh/config: an alias becomes the address, account, key and
    /// known_hosts that `ssh -G` resolves, unless hosts.json set them itself.
    private func libssh2Target(for target: SSHTarget) async throws -> SSHTarget {
        guard let alias = target.sshConfigHost else { return target }
        let resolved = try await SSHConfigResolution.resolved(alias, environment: environment)
        var plain = target
        plain.sshConfigHost = nil
        if plain.hostname.isEmpty { plain.hostname = resolved.hostname }
        if plain.port == 0 { plain.port = resolved.port }
        if plain.username.isEmpty { plain.username = resolved.user }
        let home = environment["HOME"] ?? NSHomeDirectory()
        func expand(_ path: String) -> String { path.hasPrefix("~/") ? home + path.dropFirst(1) : path }
        // Without an agent to ask, the first identity file that exists, as ssh would try it.
        if case .agent = plain.authentication, (environment["SSH_AUTH_SOCK"] ?? "").isEmpty,
            let key = resolved.identityFiles.map(expand).first(where: { FileManager.default.fileExists(atPath: $0) })
        {
            plain.authentication = .privateKey(path: key, passphraseEnvironmentVariable: nil)
        }
        if case .knownHosts(let files) = plain.hostKeyVerification, files.isEmpty {
            plain.hostKeyVerification = .knownHosts(
                files: resolved.userKnownHostsFiles.map(expand) + ["/etc/ssh/ssh_known_hosts"])
        }
        return plain
    }
}
