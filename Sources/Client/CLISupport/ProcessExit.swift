// @preconcurrency: C's `stdout` and `stderr` are mutable globals to Swift 6, though C never
// reassigns them; only their values are read here.
#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Musl)
    @preconcurrency import Musl
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// How every ssh-for-agents tool leaves: with `_exit`, never `exit`. `exit` runs the C libraries'
/// exit-time cleanup (libssh2's crypto backend, static destructors) while a connection thread may
/// still be closing, which crashed the process now and then — SIGSEGV instead of the status, after
/// the output was already written. `_exit` skips that cleanup, and C's stream flushing with it.
public enum ProcessExit {
    /// The normal way out: what `print` left in C's stdout buffer is written first.
    /// Only stdout and stderr are flushed, not every stream (`fflush(NULL)`): that would wait for
    /// the lock of a stdin that another thread is blocked reading.
    public static func flushingOutput(status: Int32) -> Never {
        fflush(stdout)
        fflush(stderr)
        _exit(status)
    }

    /// Out at once, touching no stream: for a deadline that must hold even when a flush could block
    /// (a stream nobody drains).
    public static func immediately(status: Int32) -> Never {
        _exit(status)
    }
}
