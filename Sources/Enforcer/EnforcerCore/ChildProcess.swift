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

    public static func run(_ executable: String, _ arguments: [String], environment: [String]) throws(LaunchFailed) -> Exit {
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

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, nil, &attributes, argv, envp)
        guard spawned == 0 else {
            sigprocmask(SIG_SETMASK, &previous, nil)
            throw LaunchFailed(description: "cannot start \(executable): \(SystemError.text(spawned))")
        }
        return wait(for: pid, signals: &waitSet)
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
