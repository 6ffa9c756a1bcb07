// Which ProxyJump hop stopped a connection, and why. Under ControlPersist ssh sends a hop's
// stderr to /dev/null, so the master's log says only that the proxy closed; after a failed
// connect we check the hops one by one, as ssh reaches them (hop k through hops 1…k-1), with
// the target's config and no credential for the hop itself: the first hop whose key ssh refuses
// is reported with its fingerprint and a fix that works as printed.
import AgentContracts
import Foundation
import RemoteAccess

enum JumpHostDiagnosis {
    /// The error for the first hop that fails; nil when the target has no hop or every hop's
    /// key is trusted and its server answers (the failure is then the target's own).
    static func error(_ arguments: SSHArguments) -> SSHError? {
        guard let resolved = run(arguments.resolvedConfiguration()), resolved.status == 0 else { return nil }
        let hops = JumpHop.chain(ResolvedOptions(resolved.stdout).first("proxyjump"))
        for (index, hop) in hops.enumerated() {
            let through = hops[..<index].map(\.spec)
            if let error = check(hop, through: Array(through), arguments) { return error }
        }
        return nil
    }

    private static func check(_ hop: JumpHop, through: [String], _ arguments: SSHArguments) -> SSHError? {
        // As ssh starts a hop: the target's -F, the hop's own user and port, the earlier hops.
        var base = [SSHArguments.ssh, "-F", arguments.configFile]
        if let user = hop.user { base += ["-l", user] }
        if let port = hop.port { base += ["-p", String(port)] }
        if !through.isEmpty { base += ["-o", "ProxyJump=\(through.joined(separator: ","))"] }
        let target = arguments.target
        let limit = target.connectTimeout * Double(through.count + 2) + .seconds(5)
        guard let resolvedRun = run(base + ["-G", "--", hop.host]), resolvedRun.status == 0 else { return nil }
        let resolved = ResolvedOptions(resolvedRun.stdout)
        let host = resolved.first("hostname") ?? hop.host
        let port = resolved.first("port").flatMap(Int.init) ?? 22
        let files = (resolved.first("userknownhostsfile") ?? "").split(separator: " ").map(String.init)
        guard let checked = run(base + SSHArguments.noCredentials(target) + ["-N", "--", hop.host], limit: limit)
        else { return nil }
        let said = String(decoding: checked.stderr, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
        guard said.contains("Host key verification failed") || said.contains("host key is known for") else {
            // Reached and refused our empty login: this hop is fine. Anything else stopped here.
            if checked.status == 0 || said.contains("Permission denied") { return nil }
            let last = said.split(whereSeparator: \.isNewline).filter { !$0.isEmpty }.last.map(String.init)
            return .connectFailed(
                host: "jump host \(hop.name) (\(host))", port: port,
                reason: "on the way to \(arguments.destination): " + (last ?? "ssh gave no reason"))
        }
        // The presented key, fetched into a scratch file the same way (no credential sent).
        let scratch = arguments.directory.path + "/hop-" + UUID().uuidString.prefix(8)
        FileManager.default.createFile(atPath: scratch, contents: Data(), attributes: [.posixPermissions: 0o600])
        defer { unlink(scratch) }
        _ = run(
            base + SSHArguments.noCredentials(target) + [
                "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=\(scratch)",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "HashKnownHosts=no", "-N", "--", hop.host,
            ], limit: limit)
        let line = ((try? String(contentsOfFile: scratch, encoding: .utf8)) ?? "").split(separator: "\n").first.map(String.init)
        guard let line, case let fields = line.split(separator: " "), fields.count >= 3,
            let blob = Data(base64Encoded: String(fields[2]))
        else {
            return .hostKeyCheckFailed(
                host: "jump host \(hop.name) (\(host) port \(port))",
                reason: "ssh refused its host key on the way to \(arguments.destination), and a second look could not read it")
        }
        var problem = JumpHostKeyRefusal.Problem.unknown
        if let offending = HostKeyDiagnosis.offendingEntry(said) {
            problem = .changed(
                expectedFingerprint: HostKeyDiagnosis.fingerprint(ofLine: offending.line, in: offending.file)
                    ?? "(unreadable entry)",
                entryFile: offending.file)
        }
        return .jumpHostKeyRefused(
            JumpHostKeyRefusal(
                jumpHost: hop.name, host: host, port: port, target: arguments.destination, keyType: String(fields[1]),
                fingerprint: KeyFingerprint.sha256(ofKeyBlob: [UInt8](blob)),
                knownHostsLine: fields.prefix(3).joined(separator: " "),
                knownHostsFiles: files, problem: problem))
    }

    private static func run(_ command: [String], limit: Duration = .seconds(10))
        -> (status: Int32, stdout: [UInt8], stderr: [UInt8])?
    {
        try? SpawnedProcess.run(command, limit: limit)
    }
}

/// `ssh -G` output: one "key value" line per option, keys in lower case.
struct ResolvedOptions {
    private var values: [String: [String]] = [:]

    init(_ output: [UInt8]) {
        for line in String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            values[parts[0].lowercased(), default: []].append(String(parts[1]))
        }
    }

    func first(_ key: String) -> String? { values[key]?.first }
    func all(_ key: String) -> [String] { values[key] ?? [] }
}
