// What `ssh -G ALIAS` says OpenSSH would use for a ~/.ssh/config alias (nothing is connected):
// the address, account and key for libssh2 when `auto` keeps a host there, and whether the
// alias needs OpenSSH at all (ProxyJump, ProxyCommand, a certificate). Cached per alias and
// HOME for the process: ssh -G costs a process start.
import Foundation
import RemoteAccess
import Synchronization

public struct SSHConfigResolution: Sendable, Equatable {
    public var hostname: String
    public var user: String
    public var port: Int
    public var identityFiles: [String]
    public var certificateFiles: [String]
    public var userKnownHostsFiles: [String]
    public var proxyJump: String?
    public var proxyCommand: String?
    /// `IDENTITYFILE-cert.pub` files that exist: ssh loads them with their key unasked.
    public var certificatesNextToKeys: [String] = []

    /// Why only OpenSSH can reach this alias, or nil when libssh2 can.
    public var needsOpenSSH: String? {
        if let proxyJump { return "ProxyJump \(proxyJump) in ~/.ssh/config" }
        if proxyCommand != nil { return "ProxyCommand in ~/.ssh/config" }
        if !certificateFiles.isEmpty { return "a certificate (CertificateFile) in ~/.ssh/config" }
        if let certificate = certificatesNextToKeys.first { return "a certificate (\(certificate)) next to an IdentityFile" }
        return nil
    }

    private static let cache = Mutex<[String: SSHConfigResolution]>([:])

    /// Resolves `alias` with the same config file the OpenSSH transport uses.
    public static func resolve(_ alias: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(SSHError) -> SSHConfigResolution
    {
        let key = alias + "\u{1f}" + (environment["HOME"] ?? "")
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let directory = try ControlDirectory.prepare(environment: environment)
        let config = try UserSSHConfig.wrapper(in: directory, environment: environment)
        let run: (status: Int32, stdout: [UInt8], stderr: [UInt8])
        do {
            run = try SpawnedProcess.run([SSHArguments.ssh, "-G", "-F", config, "--", alias], limit: .seconds(10))
        } catch {
            throw .connectFailed(host: alias, port: 22, reason: "cannot run ssh -G: \(error.reason)")
        }
        guard run.status == 0 else {
            let said = String(decoding: run.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw .hostNotFound(host: alias, reason: "`ssh -G \(alias)` failed: \(said)")
        }
        var resolved = parse(String(decoding: run.stdout, as: UTF8.self))
        resolved.certificatesNextToKeys = resolved.identityFiles.compactMap {
            KeyCertificate.next(to: $0, environment: environment)
        }
        cache.withLock { $0[key] = resolved }
        return resolved
    }

    /// `resolve` off the cooperative pool: the first look runs a process and waits for it.
    public static func resolved(_ alias: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> SSHConfigResolution
    {
        let key = alias + "\u{1f}" + (environment["HOME"] ?? "")
        if let cached = cache.withLock({ $0[key] }) { return cached }
        return try await OpenSSHTransport.onThreadThrowing { try resolve(alias, environment: environment) }
    }

    /// Reads `ssh -G` output: `keyword value` lines, keywords in lower case, a keyword that
    /// repeats (IdentityFile) kept in order. The config importer reads its own `ssh -G` run with it.
    public static func parse(_ text: String) -> SSHConfigResolution {
        var values: [String: [String]] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            values[parts[0].lowercased(), default: []].append(String(parts[1]))
        }
        func first(_ key: String) -> String? { values[key]?.first }
        func proxy(_ key: String) -> String? { first(key).flatMap { $0.lowercased() == "none" ? nil : $0 } }
        return SSHConfigResolution(
            hostname: first("hostname") ?? "", user: first("user") ?? "", port: first("port").flatMap(Int.init) ?? 22,
            identityFiles: values["identityfile"] ?? [], certificateFiles: values["certificatefile"] ?? [],
            userKnownHostsFiles: (first("userknownhostsfile") ?? "").split(separator: " ").map(String.init),
            proxyJump: proxy("proxyjump"), proxyCommand: proxy("proxycommand"))
    }
}
