import AgentContracts
import AgentPolicy
import ArgumentParser
import CLISupport
import Foundation
import Gateway
import TransportSelection

struct CheckVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Show the policy verdict for a command without running it.",
        discussion: """
            Exit status: 0 allow, 10 needs_confirmation, 11 block.
            Batch mode: `check --mode MODE --json -` reads one command per line from standard input \
            (with -0, NUL-separated) and writes one JSON object per line; it exits 0 when all were read.
            Example: ssh-for-agents-run check web-staging "git push --force"
            """)

    @OptionGroup var hostsFile: HostsFileOption
    @Argument(help: "[HOST] COMMAND; COMMAND '-' reads commands from standard input.") var words: [String]
    @Option(help: "Evaluate in this mode instead of the host's: \(PolicyMode.allCases.map(\.rawValue).joined(separator: ", ")).")
    var mode: PolicyMode?
    @Flag(help: "Print JSON.") var json = false
    @Flag(
        help:
            "Print every reason with its rule id, decision and origin (built-in, or an administrator's rule from the policy's rules)."
    )
    var explain = false
    @Flag(name: [.customShort("0"), .long], help: "Batch input is NUL-separated (for multi-line commands).") var null = false

    func validate() throws {
        guard (1...2).contains(words.count) else {
            throw ValidationError("expected [HOST] \"COMMAND\" (or '-' to read commands from standard input)")
        }
        if explain && json { throw ValidationError("--explain and --json do not go together") }
        if explain && command == "-" { throw ValidationError("--explain takes one COMMAND, not '-'") }
    }

    private var host: String? { words.count == 2 ? words[0] : nil }
    private var command: String { words[words.count - 1] }

    func run() async throws {
        let policy = try await effectivePolicy()
        let engine = PolicyEngine(config: policy)
        if command == "-" {
            BatchCheck(engine: engine, separator: null ? 0 : 0x0A).run()
            return
        }
        let verdict = engine.evaluate(command)
        if json {
            print(VerdictJSON.line(command: command, verdict: verdict, mode: policy.mode))
        } else if explain {
            print(verdict.explanation(mode: policy.mode))
        } else {
            print(verdict.report(mode: policy.mode))
        }
        let status = ExitCode(verdict: verdict.decision)
        if status != .success { throw status }
    }

    /// A host's policy when a host is named; otherwise the global policy of hosts.json if one is
    /// found, else the defaults — so `check` works on a machine without any configuration.
    private func effectivePolicy() async throws -> PolicyConfig {
        var policy = PolicyConfig()
        if let host {
            do {
                policy = try await hostsFile.gateway().policy(forHost: host)
            } catch let error as GatewayError {
                throw GatewayFailure.report(error)
            }
        } else if hostsFile.config != nil {
            do {
                policy = try await hostsFile.gateway().policy(forHost: nil)
            } catch let error as GatewayError {
                throw GatewayFailure.report(error)
            }
        } else if let gateway = try? Gateway.locating(
            explicitConfigPath: nil, warningHandler: { _ in }, transport: { SelectingTransport(warningHandler: $0) }),
            let global = try? await gateway.policy(forHost: nil)
        {
            policy = global
        }
        if let mode { policy.mode = mode }
        return policy
    }
}

extension PolicyMode: ExpressibleByArgument {}
