// ssh says "Host key verification failed" and, for a changed key, which known_hosts line no
// longer matches, but it names the presented key's fingerprint only at debug level. So after a
// refusal we repeat the attempt at debug level (it stops at the same check, before any
// credential is sent) and read the expected key from the offending line, to give the libssh2
// transport's exact errors: both fingerprints, the file, and the `trust` command.
import AgentContracts
import Foundation
import RemoteAccess

enum HostKeyDiagnosis {
    static func error(log raw: String, target: SSHTarget, arguments: SSHArguments) -> SSHError {
        // ssh ends its log lines with "\r\n".
        let log = raw.replacingOccurrences(of: "\r", with: "")
        let files = knownHostsFiles(target)
        var host = target.hostname.isEmpty ? arguments.destination : target.hostname
        var port = target.port > 0 ? target.port : 22
        // "No ED25519 host key is known for [127.0.0.1]:42222 and you have requested strict checking."
        if let name = between(log, "host key is known for ", " and you have") {
            (host, port) = splitKnownHostsName(name, defaultPort: port)
        }
        guard let presented = presentedKey(arguments) else {
            return .hostKeyCheckFailed(
                host: host, reason: "ssh refused the host key (\(firstLine(log))) and a second look could not read it")
        }
        if let offending = offendingEntry(log) {
            let expected = fingerprint(ofLine: offending.line, in: offending.file) ?? "(unreadable entry)"
            return .hostKeyChanged(
                host: host, port: port, keyType: presented.type, expectedFingerprint: expected,
                presentedFingerprint: presented.fingerprint, knownHostsFiles: files, entryFile: offending.file)
        }
        return .unknownHostKey(
            host: host, port: port, keyType: presented.type, fingerprint: presented.fingerprint, knownHostsFiles: files)
    }

    static func knownHostsFiles(_ target: SSHTarget) -> [String] {
        if case .knownHosts(let files) = target.hostKeyVerification, !files.isEmpty {
            return files.map { NSString(string: $0).expandingTildeInPath }
        }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return [home + "/.ssh/known_hosts", "/etc/ssh/ssh_known_hosts"]
    }

    /// "debug1: Server host key: ssh-ed25519 SHA256:…" from a debug-level attempt.
    private static func presentedKey(_ arguments: SSHArguments) -> (type: String, fingerprint: String)? {
        guard let run = try? SpawnedProcess.run(arguments.hostKeyDiagnosis(), limit: .seconds(20)) else { return nil }
        let text = String(decoding: run.stderr, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.contains("Server host key: ") }) else {
            return nil
        }
        let fields = line.components(separatedBy: "Server host key: ")[1].split(separator: " ")
        guard fields.count >= 2 else { return nil }
        return (String(fields[0]), String(fields[1]))
    }

    /// The known_hosts line that no longer matches: "Offending ED25519 key in /path/known_hosts:3".
    static func offendingEntry(_ log: String) -> (file: String, line: Int)? {
        guard let offending = between(log, "Offending ", "\n") ?? between(log, "Offending ", nil),
            let location = offending.components(separatedBy: " key in ").last,
            let colon = location.lastIndex(of: ":"), let number = Int(location[location.index(after: colon)...])
        else { return nil }
        return (String(location[..<colon]), number)
    }

    /// The SHA256 fingerprint of the key on line `number` of a known_hosts file (hashed or not,
    /// with or without a `@marker`).
    static func fingerprint(ofLine number: Int, in file: String) -> String? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard number >= 1, number <= lines.count else { return nil }
        var fields = lines[number - 1].split(separator: " ")
        if fields.first?.hasPrefix("@") == true { fields.removeFirst() }
        guard fields.count >= 3, let blob = Data(base64Encoded: String(fields[2])) else { return nil }
        return KeyFingerprint.sha256(ofKeyBlob: [UInt8](blob))
    }

    private static func splitKnownHostsName(_ name: String, defaultPort: Int) -> (String, Int) {
        if name.hasPrefix("["), let close = name.firstIndex(of: "]") {
            let host = String(name[name.index(after: name.startIndex)..<close])
            let port = Int(name[name.index(after: close)...].dropFirst()) ?? defaultPort
            return (host, port)
        }
        return (name, 22)
    }

    private static func between(_ text: String, _ start: String, _ end: String?) -> String? {
        guard let range = text.range(of: start) else { return nil }
        let rest = text[range.upperBound...]
        guard let end else { return String(rest) }
        guard let stop = rest.range(of: end) else { return nil }
        return String(rest[..<stop.lowerBound])
    }

    private static func firstLine(_ log: String) -> String {
        log.split(whereSeparator: \.isNewline).first { !$0.hasPrefix("debug") }.map(String.init) ?? "no reason given"
    }
}
