import AgentContracts
import AgentPolicy
import ArgumentParser
import CLISupport
import HostConfiguration

struct SetPolicyVerb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-policy",
        abstract: "Change the global policy, or one host's.",
        discussion: """
            A host's policy block overrides only the keys it sets. --deny and --readonly-allow add to \
            the lists (repeat them for several programs); --clear-lists empties both first.
            Example: ssh-for-agents-config set-policy --host prod --mode guarded --deny terraform
            """)

    @OptionGroup var hostsFile: HostsFileOption
    @Option(help: "The host to change (default: the global policy).", completion: .hostAliases) var host: String?
    @Option(help: "Policy mode: \(PolicyMode.allCases.map(\.rawValue).joined(separator: ", ")).") var mode: PolicyMode?
    @Option(help: "A program to block everywhere (extra_denylist).") var deny: [String] = []
    @Option(help: "A program readonly mode may run (extra_readonly_allow).") var readonlyAllow: [String] = []
    @Flag(help: "Empty extra_denylist and extra_readonly_allow before adding.") var clearLists = false
    @Option(help: "flag or deny: what a needs_confirmation command does without a client that can ask a human.")
    var confirmation: ConfirmationSetting?
    @Option(help: "Cap per output stream, in bytes.") var maxOutputBytes: Int?
    @Option(help: "Seconds a command may run when the caller gives no timeout.") var defaultTimeout: Double?

    func validate() throws {
        guard
            mode != nil || !deny.isEmpty || !readonlyAllow.isEmpty || clearLists || confirmation != nil
                || maxOutputBytes != nil || defaultTimeout != nil
        else {
            throw ValidationError(
                "nothing to change: give --mode, --deny, --readonly-allow, --clear-lists, --confirmation, --max-output-bytes or --default-timeout"
            )
        }
        for program in deny + readonlyAllow where program.isEmpty || program.contains(where: \.isWhitespace) {
            throw ValidationError("'\(program)' is not a program name")
        }
    }

    func run() async throws {
        let path = try ConfigFile.existing(hostsFile)
        _ = try ConfigFile.edit(path) { document in
            if let host, document.host(host) == nil {
                throw Refusal("unknown host \"\(host)\" in \(path); known hosts: \(document.aliases.joined(separator: ", "))")
            }
            let block = (host.map { document.host($0)?["policy"] } ?? document.root["policy"]) ?? .object([])
            var fields: [(key: String, value: OrderedJSON?)] = []
            if let mode { fields.append(("mode", .string(mode.rawValue))) }
            if clearLists || !deny.isEmpty {
                fields.append(("extra_denylist", Self.list(clearLists ? nil : block["extra_denylist"], adding: deny)))
            }
            if clearLists || !readonlyAllow.isEmpty {
                fields.append(
                    ("extra_readonly_allow", Self.list(clearLists ? nil : block["extra_readonly_allow"], adding: readonlyAllow)))
            }
            if let confirmation { fields.append(("confirmation", .string(confirmation.rawValue))) }
            if let maxOutputBytes { fields.append(("max_output_bytes", .integer(maxOutputBytes))) }
            if let defaultTimeout {
                fields.append(
                    (
                        "default_timeout",
                        .number(defaultTimeout.rounded() == defaultTimeout ? String(Int(defaultTimeout)) : String(defaultTimeout))
                    ))
            }
            document.setPolicyFields(host: host, fields)
        }
        print("updated the policy of \(host.map { "host \($0)" } ?? "all hosts (global)") in \(path)")
    }

    /// The existing list (when it is one) with `programs` appended, each once.
    static func list(_ existing: OrderedJSON?, adding programs: [String]) -> OrderedJSON {
        var items: [OrderedJSON] = []
        if case .array(let current)? = existing { items = current }
        for program in programs where !items.contains(.string(program)) { items.append(.string(program)) }
        return .array(items)
    }
}
