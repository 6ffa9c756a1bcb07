#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `ssh-for-agents-enforcer audit [--file PATH | --journal] [--since 1h] [--decision D] [--user U]
/// [--rule ID] [--json] [--limit N]`, and the same query arriving as a reserved `audit` line.
///
/// The entry points the enforcer calls; the filters and the summary live beside this file.
public enum AuditCommand {
    /// Runs a query, printing the result on stdout and problems on stderr; returns the exit status:
    /// 0 with a result (also when nothing matched), 1 when the log cannot be read, 2 for a usage
    /// error. `auditFile` is the policy's audit file, the default for `--file`; without one the
    /// journal is read.
    public static func run(arguments: [String], auditFile: String?) -> Int32 {
        run(arguments: arguments, auditFile: auditFile, now: .now, output: { writeAll(1, $0) }, errors: { writeAll(2, $0) })
    }

    /// `run` with its clock and output passed in (tests).
    public static func run(
        arguments: [String], auditFile: String?, now: AuditTime,
        output: (String) -> Void, errors: (String) -> Void
    ) -> Int32 {
        let options: AuditQueryOptions
        do {
            options = try AuditQueryOptions.parse(arguments, now: now)
        } catch {
            if error.helpRequested {
                output(AuditQueryOptions.usage + "\n")
                return 0
            }
            errors("ssh-for-agents-enforcer audit: \(error.message)\n\(AuditQueryOptions.usage)\n")
            return 2
        }
        do {
            let report = try query(options, auditFile: auditFile)
            output(options.json ? report.json : report.text)
            return 0
        } catch {
            errors("ssh-for-agents-enforcer audit: \(error)\n")
            return 1
        }
    }

    /// The report for `options`, reading the source they name (or the policy's file, else the journal).
    public static func query(_ options: AuditQueryOptions, auditFile: String?) throws(AuditSourceError) -> AuditReport {
        let source: AuditLineSource
        switch options.source {
        case .file(let path): source = .file(path: path)
        case .journal: source = .journal
        case .policyDefault: source = auditFile.map { .file(path: $0) } ?? .journal
        }
        return try AuditQuery.run(options, from: source)
    }

    /// The command-line arguments a reserved `audit` line's fields stand for
    /// (`since=1h decision=block` → `--own-log-only --since 1h --decision block`). The first one
    /// keeps a query from over SSH to the enforcer's own log: `file=` and `journal=` are refused.
    public static func arguments(fromReservedFields fields: [(key: String, value: String)]) -> [String] {
        [AuditQueryOptions.ownLogOnlyFlag]
            + fields.flatMap { field in field.value == "true" ? ["--" + field.key] : ["--" + field.key, field.value] }
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
