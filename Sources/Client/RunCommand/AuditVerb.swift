import AgentContracts
import AgentPolicy
import ArgumentParser
import CLISupport
import Foundation
import Gateway

/// `ssh-for-agents-run audit HOST [filters]`: the server-side enforcer's audit trail, filtered and
/// summarised by the enforcer itself (`ssh-for-agents-enforcer audit` on the host), fetched over
/// SSH as a reserved `audit` line. The enforcer answers only from its own log.
struct AuditVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit trail of the enforcer on a host.",
        discussion: """
            Needs ssh-for-agents-enforcer on the host (deploy/install-enforcer.sh). Without one the host \
            prints nothing, and this says "no enforcer on HOST" and exits 1.
            Example: ssh-for-agents-run audit web-staging --since 1h --decision block
            """)

    @OptionGroup var hostsFile: HostsFileOption
    @Argument(help: "Host alias from hosts.json.", completion: .hostAliases) var host: String
    @Option(help: "Only records since then: 30m, 1h, 2d, 1w or an RFC 3339 time (2026-12-03T10:00:00Z).") var since: String?
    @Option(help: "Only this decision: allow, needs_confirmation or block (repeatable).") var decision: [String] = []
    @Option(help: "Only this account (repeatable).") var user: [String] = []
    @Option(help: "Only records naming this rule id or rule family (repeatable).") var rule: [String] = []
    @Option(help: "Show the N most recent matching records (0: all; the enforcer's default is 100).") var limit: Int?
    @Flag(help: "Print the enforcer's JSON object instead of text.") var json = false

    /// The query as reserved-line fields, in the order the enforcer turns them back into arguments.
    var fields: [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = []
        if let since { fields.append(("since", since)) }
        fields += decision.map { ("decision", $0) } + user.map { ("user", $0) } + rule.map { ("rule", $0) }
        if let limit { fields.append(("limit", String(limit))) }
        if json { fields.append(("json", "true")) }
        return fields
    }

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 (all) or more") }
        for value in decision where Decision(rawValue: value) == nil {
            throw ValidationError("--decision \(value): use allow, needs_confirmation or block")
        }
        // A reserved line's values are single words: no blanks, no `=`, nothing else a line could hide.
        for field in fields
        where field.value.isEmpty || field.value.contains(where: { $0.isWhitespace || $0 == "=" || !$0.isASCII }) {
            throw ValidationError("--\(field.key) \(field.value): a value must be one word of ASCII, without blanks or \"=\"")
        }
    }

    func run() async throws {
        let gateway = try hostsFile.gateway()
        do {
            let result = try await gateway.sendReservedLine(ReservedLine(verb: .audit, fields: fields), host: host)
            await gateway.shutdown()
            // An enforcer that fails closed (a broken policy, an unwritable audit file) refuses
            // the query as it refuses commands.
            if let refusal = EnforcerRefusal.find(exitStatus: result.exitStatus, stderr: result.stderr.bytes) {
                RunTool.errors.print(ServerRefusalWording.sentence(refusal, host: host))
                throw ExitCode.refusedByServer
            }
            FileHandle.standardOutput.write(Data(result.stdout.bytes))
            FileHandle.standardError.write(Data(result.stderr.bytes))
            if result.timedOut {
                RunTool.errors.print("the audit query on \(host) timed out after \(result.duration)")
                throw ExitCode.timedOut
            }
            let status = result.exitStatus ?? 0
            if status == 0, result.stdout.bytes.isEmpty {
                RunTool.errors.print(
                    "no enforcer on \(host): the host answered the audit query with nothing "
                        + "(an administrator installs one with deploy/install-enforcer.sh)")
                throw ExitCode.failure
            }
            throw ExitCode(status)
        } catch let error as GatewayError {
            throw GatewayFailure.report(error)
        }
    }
}
