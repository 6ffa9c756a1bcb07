#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs journalctl with its stdout on a pipe, hands the pipe's read end to `body`, and reaps it.
/// posix_spawn, not Foundation's Process: the enforcer links FoundationEssentials at most.
enum JournalReader {
    static func run(
        _ path: String, _ arguments: [String],
        _ body: (Int32) throws(AuditSourceError) -> Void
    ) throws(AuditSourceError) {
        guard access(path, X_OK) == 0 else { throw .journalUnavailable(reason: "\(path): \(AuditLineSource.errnoText())") }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw .journalUnavailable(reason: "pipe: \(AuditLineSource.errnoText())") }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            throw .journalUnavailable(reason: "\(path): \(String(cString: strerror(spawned)))")
        }

        var failure: AuditSourceError?
        do {
            try body(readEnd)
        } catch {
            failure = error
        }
        close(readEnd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        if let failure { throw failure }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        if !exited || code != 0 { throw .journalFailed(status: exited ? code : 128 + (status & 0x7f)) }
    }
}
