import ArgumentParser
import CLISupport
import Foundation
import HostConfiguration
import OpenSSHTransport
import SSHTransport

struct TrustVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Fetch a host's key, show its fingerprint and add it to known_hosts after you confirm.",
        discussion: """
            Connects (no credential is sent), shows the key type and SHA256 fingerprint, and on a typed \
            `yes` (or --yes) appends the key to the host's known_hosts file (`[host]:port` for a port other \
            than 22). Compare the fingerprint with one the server's administrator gives you \
            (`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the server). A host whose known key \
            differs is refused unless --replace is given; both fingerprints are shown.
            Example: ssh-for-agents-config trust prod
            """)

    @OptionGroup var hostsFile: HostsFileOption
    @Argument(help: "The host alias.", completion: .hostAliases) var alias: String
    @Flag(help: "Trust without asking (the fingerprint is still printed).") var yes = false
    @Flag(help: "Replace a known key that differs from the one the host presents now.") var replace = false

    func run() async throws {
        let path = try ConfigFile.existing(hostsFile)
        let host: HostEntry
        do {
            host = try ConfigFile.load(path).1.host(alias)
        } catch let error as HostConfigError {
            throw ConfigTool.fail(error.description)
        }
        let file = host.knownHosts ?? UserHome.directory() + "/.ssh/known_hosts"
        let checked = host.knownHosts.map { [$0] } ?? []
        let (key, standing): (PresentedHostKey, HostKeyStanding)
        do {
            (key, standing) = try await Self.fetch(host, knownHostsFiles: checked)
        } catch {
            throw ConfigTool.fail("cannot fetch the host key of \(alias): \(error)", status: .transportFailure)
        }
        // For a ~/.ssh/config alias, the name ssh looks the key up under: its resolved HostName and Port.
        let resolved = host.sshConfigHost.flatMap { try? SSHConfigResolution.resolve($0) }
        let name = KnownHostsFile.entryName(
            host: host.hostname.isEmpty ? resolved?.hostname ?? alias : host.hostname,
            port: host.port > 0 ? host.port : resolved?.port ?? 22)
        print("\(alias) (\(host.hostname) port \(host.port)) presents this \(key.keyType) host key:")
        print("  \(key.fingerprint)")
        if !host.verifyHostKey {
            ConfigTool.errors.print(
                "note: verify_host_key is false for \(alias), so this key is not checked until you turn verification on (`ssh-for-agents-config add \(alias) --verify-host-key`)"
            )
        }
        var replacing: String?
        switch standing {
        case .trusted:
            print("already trusted (\(host.knownHosts ?? "~/.ssh/known_hosts or /etc/ssh/ssh_known_hosts")); nothing to do")
            return
        case .unknown:
            break
        case .changed(let expected, let entryFile):
            print("WARNING: known_hosts (\(entryFile)) holds a DIFFERENT key for \(name):")
            print("  known:     \(expected)")
            print("  presented: \(key.fingerprint)")
            print("This can be an attack (someone between you and the host), or the host was reinstalled.")
            guard replace else {
                throw ConfigTool.fail(
                    "not trusted: the known key differs; if the change is expected, rerun with --replace", status: ExitCode(1))
            }
            replacing = entryFile
        }
        if !yes {
            let question = replacing == nil ? "Add it to \(file)?" : "Replace the old key in \(replacing!) with this one?"
            StandardError.write("\(question) Type yes to trust it: ")
            let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "yes" else {
                throw ConfigTool.fail("not trusted: the answer was not yes; nothing was written", status: ExitCode(1))
            }
        }
        do {
            if let replacing { try KnownHostsFile(path: replacing).removeEntries(for: name) }
            try KnownHostsFile(path: file).append(name: name, key: key)
        } catch {
            throw ConfigTool.fail("\(error)")
        }
        print("trusted: added \(name) \(key.keyType) \(key.fingerprint) to \(file)")
    }

    /// The key through the transport that will see it: libssh2's handshake, or the OpenSSH client
    /// for a host on openssh (a ~/.ssh/config alias, or one libssh2 shares no algorithm with).
    static func fetch(_ host: HostEntry, knownHostsFiles: [String]) async throws -> (PresentedHostKey, HostKeyStanding) {
        if host.transport != .openssh, host.sshConfigHost == nil {
            do {
                return try await HostKeyProbe.fetch(hostname: host.hostname, port: host.port, knownHostsFiles: knownHostsFiles)
            } catch {
                guard host.transport == .auto, case .noCommonAlgorithm = error else { throw error }
            }
        }
        let target = SSHTarget(
            hostname: host.hostname, port: host.port, username: host.username, authentication: .agent,
            hostKeyVerification: .knownHosts(files: knownHostsFiles), transport: .openssh, sshConfigHost: host.sshConfigHost)
        let (key, standing) = try await OpenSSHHostKeyProbe.fetch(target)
        let presented = PresentedHostKey(keyType: key.keyType, base64: key.base64, fingerprint: key.fingerprint)
        switch standing {
        case .trusted: return (presented, .trusted)
        case .unknown: return (presented, .unknown)
        case .changed(let expected, let file): return (presented, .changed(expectedFingerprint: expected, entryFile: file))
        }
    }
}
