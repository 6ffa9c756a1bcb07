#if canImport(Glibc)
    import Glibc
#endif

/// Durations for the `end` record, immune to wall-clock steps.
enum MonotonicClock {
    static func now() -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time
    }

    static func milliseconds(since start: timespec) -> Double {
        let end = now()
        let nanoseconds = Double(end.tv_sec - start.tv_sec) * 1e9 + Double(end.tv_nsec - start.tv_nsec)
        return (nanoseconds / 1e4).rounded() / 100
    }
}
