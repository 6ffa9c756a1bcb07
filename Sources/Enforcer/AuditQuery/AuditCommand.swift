/// `ssh-for-agents-enforcer audit [--file PATH | --journal] [--since 1h] [--decision D] [--user U]
/// [--rule ID] [--json]`, and the same query arriving as a reserved `audit` line.
///
/// The entry points the enforcer calls; the filters and the summary live beside this file.
public enum AuditCommand {
    /// Runs a query, printing the result on stdout and problems on stderr; returns the exit status.
    /// `auditFile` is the policy's audit file, the default for `--file`.
    public static func run(arguments: [String], auditFile: String?) -> Int32 {
        // Not built yet: say so rather than print an empty (and so misleading) result.
        print("ssh-for-agents-enforcer audit: not built yet")
        return 2
    }

    /// The command-line arguments a reserved `audit` line's fields stand for
    /// (`since=1h decision=block` → `--since 1h --decision block`).
    public static func arguments(fromReservedFields fields: [(key: String, value: String)]) -> [String] {
        fields.flatMap { field in field.value == "true" ? ["--" + field.key] : ["--" + field.key, field.value] }
    }
}
