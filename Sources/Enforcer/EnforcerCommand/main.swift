import AgentContracts
import AuditQuery
import EnforcerCore

#if canImport(Glibc)
    import Glibc
#endif

// ssh-for-agents-enforcer: sshd's ForceCommand for the agent account, plus `check` and `audit`
// for admins. Arguments are read by hand: this runs before every command an agent sends, and
// argument-parser would cost start-up time on that path (docs/ENFORCER.md has the numbers).

let usage = """
    usage: ssh-for-agents-enforcer [--policy PATH]              (as sshd's ForceCommand)
           ssh-for-agents-enforcer check [--policy PATH] [--mode MODE] [--json] COMMAND|-
           ssh-for-agents-enforcer [--policy PATH] audit [--file PATH | --journal] [--since 1h] [--decision D] [--user U] [--rule ID] [--json]
           ssh-for-agents-enforcer --version | --help
    The policy defaults to \(EnforcerPolicy.defaultPath). A refusal exits 77 with one
    `ssh-for-agents-enforcer: refused {json}` line on stderr (docs/ENFORCER.md).

    """

/// The policy's audit file, the default of `audit --file`; nil when the policy cannot be read.
func auditFile(policyPath: String) -> String? {
    (try? PolicyFileLoader.load(policyPath, defaultHostAlias: "audit", requireSafe: false))?.audit.file
}

func main(_ arguments: [String]) -> Int32 {
    var rest = arguments[...]
    var policyPath = EnforcerPolicy.defaultPath
    if rest.first == "--policy" {
        guard rest.count >= 2 else {
            StandardStreams.err("ssh-for-agents-enforcer: --policy needs a path\n" + usage)
            return 2
        }
        policyPath = rest[rest.startIndex + 1]
        rest = rest.dropFirst(2)
    }
    switch rest.first {
    case nil:
        let run = ForceCommandRun(policyPath: policyPath) { fields, file in
            AuditCommand.run(arguments: AuditCommand.arguments(fromReservedFields: fields), auditFile: file)
        }
        return run.run()
    case "--version":
        StandardStreams.out("ssh-for-agents-enforcer \(EnforcerVersion.current)\n")
        return 0
    case "--help", "-h":
        StandardStreams.out(usage)
        return 0
    case "check":
        let checkArguments = Array(rest.dropFirst())
        return CheckCommand.run(
            policyPath == EnforcerPolicy.defaultPath || checkArguments.contains("--policy")
                ? checkArguments : ["--policy", policyPath] + checkArguments)
    case "audit":
        return AuditCommand.run(arguments: Array(rest.dropFirst()), auditFile: auditFile(policyPath: policyPath))
    case let other?:
        // As a ForceCommand a wrong argument is a broken install: refuse, as for a broken policy.
        StandardStreams.err(usage)
        StandardStreams.refusal(
            EnforcerRefusal(
                mode: nil, decision: .block,
                reasons: [
                    EnforcerRule.policyUnavailable.reason("unknown argument \(other); check the ForceCommand line")
                ]))
        return EnforcerRefusal.exitStatus
    }
}

exit(main(Array(CommandLine.arguments.dropFirst())))
