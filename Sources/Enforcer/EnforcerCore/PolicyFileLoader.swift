#if canImport(Glibc)
    import Glibc
#endif

/// Reads the policy file and, for the ForceCommand, refuses one the agent could have changed:
/// world-writable, or (for an unprivileged account) writable by the account itself or sitting in
/// a directory it can write. A policy the agent can edit is no policy.
public enum PolicyFileLoader {
    public static func load(_ path: String, defaultHostAlias: String, requireSafe: Bool = true) throws(PolicyFileError)
        -> EnforcerPolicy
    {
        let file: SmallFile
        do {
            file = try SmallFile.read(path)
        } catch {
            switch error {
            case .missing: throw .missing(path: path)
            case .symbolicLink: throw .unsafe(path: path, reason: "it is a symbolic link")
            case .notRegular: throw .unsafe(path: path, reason: "not a regular file")
            case .tooLarge(let limit): throw .invalidFile(path: path, problem: "larger than \(limit) bytes")
            case .system(let reason): throw .unreadable(path: path, reason: reason)
            }
        }
        if requireSafe { try checkSafe(path, file.info) }
        do {
            return try EnforcerPolicy.parse(file.bytes, defaultHostAlias: defaultHostAlias)
        } catch {
            if case .invalid(let problem) = error { throw .invalidFile(path: path, problem: problem) }
            throw error
        }
    }

    static func checkSafe(_ path: String, _ info: stat) throws(PolicyFileError) {
        if info.st_mode & S_IWOTH != 0 {
            throw .unsafe(path: path, reason: "it is world-writable; chmod o-w \(path)")
        }
        // Root can write everything; for any other account, access() answers for the real ids:
        // the account's own, not a setgid group the enforcer still holds.
        guard getuid() != 0 else { return }
        if access(path, W_OK) == 0 {
            throw .unsafe(path: path, reason: "the account \(AccountName.current) can write it; make it root-owned, mode 0644")
        }
        let directory = parentDirectory(of: path)
        if access(directory, W_OK) == 0 {
            throw .unsafe(
                path: path, reason: "the account \(AccountName.current) can write its directory \(directory), and so replace it")
        }
    }

    static func readSmallFile(_ path: String) throws -> [UInt8] {
        try SmallFile.read(path, maxBytes: 64 * 1024).bytes
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}
