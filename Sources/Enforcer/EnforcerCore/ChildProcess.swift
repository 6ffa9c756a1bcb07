#if canImport(Glibc)
    import Glibc
#endif

/// Runs the allowed command as a child in its own process group and waits for it, passing on
/// TERM, HUP and INT to the whole group, so the enforcer outlives the command long enough to
/// write its `end` record. stdin, stdout and stderr are inherited.
///
/// `posix_spawn` rather than `fork`: no Swift code runs in the child, and `POSIX_SPAWN_SETPGROUP`
/// does the child's `setpgid(0, 0)` before exec. Privileges were dropped before this point, so
/// the child inherits none.
public enum ChildProcess {
    public struct Exit: Sendable, Equatable {
        /// As a shell reports it: the exit code, or 128 + the signal number.
        public var status: Int32
        /// The signal that ended it, if one did.
        public var signal: Int32?
    }

    public struct LaunchFailed: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    static let forwarded: [Int32] = [SIGTERM, SIGHUP, SIGINT]

    /// With `descriptor3`, the child's descriptor 3 is the read end of a pipe that gets those
    /// bytes and then end-of-file (a command too long for argv).
    public static func run(_ executable: String, _ arguments: [String], environment: [String], descriptor3: [UInt8]? = nil)
        throws(LaunchFailed) -> Exit
    {
        var waitSet = sigset_t()
        sigemptyset(&waitSet)
        for signal in forwarded + [SIGCHLD] { sigaddset(&waitSet, signal) }
        var previous = sigset_t()
        // Blocked before the spawn, so a signal that arrives at once waits for sigwaitinfo below.
        sigprocmask(SIG_BLOCK, &waitSet, &previous)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var childMask = sigset_t()
        sigemptyset(&childMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in forwarded + [SIGCHLD, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setsigmask(&attributes, &childMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var feed: (read: Int32, write: Int32)?
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if descriptor3 != nil {
            var ends: [Int32] = [-1, -1]
            // Close-on-exec on both ends (no other child may inherit them); single-threaded here.
            guard pipe(&ends) == 0, fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0 else {
                sigprocmask(SIG_SETMASK, &previous, nil)
                throw LaunchFailed(description: "cannot make a pipe for the command: \(SystemError.text(errno))")
            }
            feed = (ends[0], ends[1])
            // dup2 clears close-on-exec on the copy; the originals close at exec.
            posix_spawn_file_actions_adddup2(&actions, ends[0], 3)
        }

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        if let feed { close(feed.read) }
        guard spawned == 0 else {
            if let feed { close(feed.write) }
            sigprocmask(SIG_SETMASK, &previous, nil)
            throw LaunchFailed(description: "cannot start \(executable): \(SystemError.text(spawned))")
        }
        if let feed, let descriptor3 {
            write(descriptor3, to: feed.write)
            close(feed.write)
        }
        return wait(for: pid, signals: &waitSet)
    }

    /// Writes while the child reads; a child that ends without reading only ends the write
    /// (EPIPE: SIGPIPE is ignored here, the child got the default back).
    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in Glibc.write(descriptor, raw.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    private static func wait(for pid: pid_t, signals: inout sigset_t) -> Exit {
        while true {
            var info = siginfo_t()
            let signal = sigwaitinfo(&signals, &info)
            if signal < 0 { continue } // EINTR
            if signal == SIGCHLD {
                var status: Int32 = 0
                let done = waitpid(pid, &status, WNOHANG)
                if done == pid { return exit(fromWaitStatus: status) }
                continue
            }
            kill(-pid, signal)
        }
    }

    /// Decodes a `waitpid` status (the W* macros are not available to Swift).
    static func exit(fromWaitStatus status: Int32) -> Exit {
        let signal = status & 0x7F
        if signal == 0 { return Exit(status: (status >> 8) & 0xFF, signal: nil) }
        return Exit(status: 128 + signal, signal: signal)
    }

    /// "TERM", "KILL", … for the audit trail.
    public static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: "HUP"
        case SIGINT: "INT"
        case SIGQUIT: "QUIT"
        case SIGILL: "ILL"
        case SIGABRT: "ABRT"
        case SIGBUS: "BUS"
        case SIGFPE: "FPE"
        case SIGKILL: "KILL"
        case SIGSEGV: "SEGV"
        case SIGPIPE: "PIPE"
        case SIGALRM: "ALRM"
        case SIGTERM: "TERM"
        case SIGUSR1: "USR1"
        case SIGUSR2: "USR2"
        default: "SIG\(signal)"
        }
    }
}
