import AgentContracts
import Crypto

#if canImport(Glibc)
    import Glibc
#endif

/// The server's copy of the approval key (`approval_key_file`), read while the enforcer holds its
/// setgid group. Its bytes never reach a message, a record or a child.
enum ApprovalKeyFile {
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ path: String) throws(Unavailable) -> SymmetricKey {
        var file: SmallFile
        do {
            file = try SmallFile.read(path, maxBytes: 4096)
        } catch {
            throw Unavailable(
                description:
                    "approval_key_file \(path) cannot be read (\(error)); signed approvals cannot be checked, so nothing that needs one runs"
            )
        }
        defer { file = SmallFile(bytes: [], info: file.info) }
        if file.info.st_mode & (S_IROTH | S_IWOTH) != 0 {
            throw Unavailable(description: "approval_key_file \(path) is readable or writable by everyone; make it mode 0640")
        }
        do {
            return try ApprovalKey.key(fromText: file.bytes)
        } catch {
            throw Unavailable(description: "approval_key_file \(path): \(error.description)")
        }
    }

    /// Whether the account, without the enforcer's group, can open the key: then so can its commands.
    static func readableNow(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }
}
