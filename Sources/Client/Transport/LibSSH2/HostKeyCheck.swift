// Host-key verification right after the handshake, before any credential is sent.
// libssh2's knownhost API matches plain, hashed (|1|salt|hash) and [host]:port entries; we
// feed it line by line so one line it does not understand (certificates, sk- keys) does not
// hide the rest of the file.
import AgentContracts
import CLibSSH2
import Foundation

enum HostKeyCheck {
    /// Presented host key: its SSH type name, raw blob and SHA256 fingerprint.
    struct PresentedKey {
        var typeName: String
        var blob: [UInt8]
        var knownHostMask: Int32
        var fingerprint: String
    }

    static func presentedKey(_ session: LibSSH2Session) -> PresentedKey? {
        var length = 0
        var type: Int32 = 0
        guard let key = libssh2_session_hostkey(session.raw, &length, &type), length > 0 else { return nil }
        let blob = [UInt8](UnsafeRawBufferPointer(start: key, count: length))
        let fingerprint: String
        if let hash = libssh2_hostkey_hash(session.raw, LIBSSH2_HOSTKEY_HASH_SHA256) {
            let digest = [UInt8](UnsafeRawBufferPointer(start: hash, count: 32))
            fingerprint = KeyFingerprint.sha256(digest: digest)
        } else {
            fingerprint = KeyFingerprint.sha256(ofKeyBlob: blob)
        }
        return PresentedKey(
            typeName: SSHWire.firstString(of: blob) ?? "unknown", blob: blob,
            knownHostMask: knownHostKeyMask(type), fingerprint: fingerprint)
    }

    static func defaultFiles() -> [String] {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return [home + "/.ssh/known_hosts", "/etc/ssh/ssh_known_hosts"]
    }

    /// nil when the host key is trusted (or verification is disabled, after warning).
    static func verify(
        _ session: LibSSH2Session, target: SSHTarget,
        warn: @Sendable (String) -> Void
    ) -> SSHError? {
        guard let key = presentedKey(session) else {
            return .hostKeyCheckFailed(host: target.hostname, reason: "the server presented no host key")
        }
        let files: [String]
        switch target.hostKeyVerification {
        case .disabled:
            warn(
                "WARNING: host key verification is disabled for \(target.hostname) port \(target.port) "
                    + "(verify_host_key: false); connecting to whoever answers. Presented \(key.typeName) key "
                    + "\(key.fingerprint). Enable verification as soon as you can.")
            return nil
        case .knownHosts(let configured):
            files = configured.isEmpty ? defaultFiles() : configured.map { NSString(string: $0).expandingTildeInPath }
        }

        switch check(key, of: target, against: files, session: session) {
        case .match:
            return nil
        case .mismatch(let expected):
            // Which file holds the stale entry, so the printed `ssh-keygen -R … -f FILE` edits
            // that file and not ~/.ssh/known_hosts.
            let entryFile =
                files.first { file in
                    if case .mismatch = check(key, of: target, against: [file], session: session) { return true }
                    return false
                } ?? files.first ?? defaultFiles()[0]
            return .hostKeyChanged(
                host: target.hostname, port: target.port, keyType: key.typeName,
                expectedFingerprint: expected, presentedFingerprint: key.fingerprint,
                knownHostsFiles: files, entryFile: entryFile)
        case .notFound:
            return .unknownHostKey(
                host: target.hostname, port: target.port, keyType: key.typeName,
                fingerprint: key.fingerprint, knownHostsFiles: files)
        case .failed(let reason):
            return .hostKeyCheckFailed(host: target.hostname, reason: reason)
        }
    }

    private enum Outcome {
        case match
        /// The fingerprint of the key the file expects.
        case mismatch(expected: String)
        case notFound
        case failed(String)
    }

    /// The presented key against the entries of `files` for this host and port.
    private static func check(
        _ key: PresentedKey, of target: SSHTarget, against files: [String],
        session: LibSSH2Session
    ) -> Outcome {
        guard let hosts = libssh2_knownhost_init(session.raw) else {
            return .failed("libssh2 could not allocate the known-hosts store")
        }
        defer { libssh2_knownhost_free(hosts) }
        for file in files { load(file, into: hosts) }

        var entry: UnsafeMutablePointer<libssh2_knownhost>?
        let mask = Int32(typePlain | keyEncodingRaw) | key.knownHostMask
        let result = key.blob.withUnsafeBytes { raw in
            libssh2_knownhost_checkp(
                hosts, target.hostname, Int32(target.port),
                raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count,
                mask, &entry)
        }
        switch Int32(result) {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH:
            return .match
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
            let expected =
                entry.flatMap { $0.pointee.key }
                .flatMap { Data(base64Encoded: String(cString: $0)) }
                .map { KeyFingerprint.sha256(ofKeyBlob: [UInt8]($0)) } ?? "(unreadable entry)"
            return .mismatch(expected: expected)
        case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
            return .notFound
        default:
            return .failed(session.lastError.message)
        }
    }

    private static func load(_ path: String, into hosts: OpaquePointer) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("@") { continue }
            _ = libssh2_knownhost_readline(
                hosts, trimmed, trimmed.utf8.count,
                Int32(LIBSSH2_KNOWNHOST_FILE_OPENSSH))
        }
    }

    // Values of LIBSSH2_KNOWNHOST_* macros that Swift does not import (shift expressions).
    private static let typePlain = 1
    private static let keyEncodingRaw = 1 << 16

    private static func knownHostKeyMask(_ hostKeyType: Int32) -> Int32 {
        switch hostKeyType {
        case LIBSSH2_HOSTKEY_TYPE_RSA: return 2 << 18
        case LIBSSH2_HOSTKEY_TYPE_DSS: return 3 << 18
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return 4 << 18
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return 5 << 18
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return 6 << 18
        case LIBSSH2_HOSTKEY_TYPE_ED25519: return 7 << 18
        default: return 0
        }
    }
}

/// The SSH wire format's length-prefixed strings, for reading key blobs and KEXINIT.
enum SSHWire {
    static func firstString(of blob: [UInt8]) -> String? {
        var reader = Reader(bytes: blob[...])
        return reader.string().map { String(decoding: $0, as: UTF8.self) }
    }

    struct Reader {
        var bytes: ArraySlice<UInt8>
        mutating func uint32() -> UInt32? {
            guard bytes.count >= 4 else { return nil }
            let value = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            bytes = bytes.dropFirst(4)
            return value
        }
        mutating func string() -> ArraySlice<UInt8>? {
            guard let length = uint32(), bytes.count >= Int(length) else { return nil }
            let value = bytes.prefix(Int(length))
            bytes = bytes.dropFirst(Int(length))
            return value
        }
        mutating func skip(_ count: Int) -> Bool {
            guard bytes.count >= count else { return false }
            bytes = bytes.dropFirst(count)
            return true
        }
    }
}
