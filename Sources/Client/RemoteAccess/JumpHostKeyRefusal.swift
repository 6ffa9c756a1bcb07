// A ProxyJump hop whose host key ssh refused: every hop is checked against the target's
// known_hosts with the target's strictness, so the fix is the same kind as for the target,
// with commands that work for a hop the `trust` verb and ssh-keyscan cannot reach directly
// (a later hop of a chain): the presented key as the known_hosts line to append.
public struct JumpHostKeyRefusal: Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        case unknown
        /// `entryFile` holds the entry that no longer matches.
        case changed(expectedFingerprint: String, entryFile: String)
    }

    /// The hop as the ProxyJump list names it ("bastion", "admin@10.0.0.1:2222").
    public var jumpHost: String
    /// Where ssh connected for it (its HostName and Port).
    public var host: String
    public var port: Int
    /// Where the connection was going (the hosts.json address or ~/.ssh/config alias).
    public var target: String
    public var keyType: String
    public var fingerprint: String
    /// The presented key as a known_hosts line (`[host]:port type base64`).
    public var knownHostsLine: String
    /// The known_hosts files ssh checked the hop's key against; the fix appends to the first.
    public var knownHostsFiles: [String]
    public var problem: Problem

    public init(
        jumpHost: String, host: String, port: Int, target: String, keyType: String, fingerprint: String,
        knownHostsLine: String, knownHostsFiles: [String], problem: Problem
    ) {
        self.jumpHost = jumpHost
        self.host = host
        self.port = port
        self.target = target
        self.keyType = keyType
        self.fingerprint = fingerprint
        self.knownHostsLine = knownHostsLine
        self.knownHostsFiles = knownHostsFiles
        self.problem = problem
    }

    var description: String {
        let file = knownHostsFiles.first ?? "~/.ssh/known_hosts"
        let hop = "jump host \(jumpHost) (\(port == 22 ? host : "\(host) port \(port)")), on the way to \(target)"
        let append = "printf '%s\\n' \(shellQuoted(knownHostsLine)) >> \(shellQuoted(file))"
        switch problem {
        case .unknown:
            return "host key of \(hop), is not known (\(keyType) \(fingerprint)); refusing to connect. "
                + "Every jump host is checked against the known_hosts of \(target) (\(knownHostsFiles.joined(separator: ", "))). "
                + "Check this fingerprint with the jump host's administrator, then trust it with `\(append)`."
        case .changed(let expected, let entryFile):
            let name = knownHostsLine.split(separator: " ").first.map(String.init) ?? host
            return "HOST KEY CHANGED for \(hop): known_hosts (\(knownHostsFiles.joined(separator: ", "))) expects \(expected), "
                + "the server presented \(keyType) \(fingerprint). This can be an attack; refusing to connect. "
                + "If the key change is expected, remove the old entry with "
                + "`ssh-keygen -R \(shellQuoted(name)) -f \(shellQuoted(entryFile))` and then trust the new key with `\(append)`."
        }
    }
}
