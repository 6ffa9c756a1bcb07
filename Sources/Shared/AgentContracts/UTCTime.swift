#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall-clock seconds and their RFC 3339 form (`2026-12-02T19:05:44Z`), from the C library rather
/// than `Date.ISO8601FormatStyle`: the enforcer stamps two records per command, and the format
/// style's first use costs more than the rest of its bookkeeping (docs/ENFORCER.md).
public enum UTCTime {
    /// Seconds since the Unix epoch.
    public static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, as `Date.ISO8601FormatStyle(timeZone: .gmt)` writes it.
    public static func rfc3339(epochSeconds: Int64) -> String {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "1970-01-01T00:00:00Z" }
        return digits(Int(parts.tm_year) + 1900, 4) + "-" + digits(Int(parts.tm_mon) + 1, 2) + "-"
            + digits(Int(parts.tm_mday), 2) + "T" + digits(Int(parts.tm_hour), 2) + ":" + digits(Int(parts.tm_min), 2)
            + ":" + digits(Int(parts.tm_sec), 2) + "Z"
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
