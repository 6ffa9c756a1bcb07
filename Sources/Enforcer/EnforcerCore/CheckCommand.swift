import AgentContracts
import AgentPolicy

#if canImport(Glibc)
    import Glibc
#endif

/// `ssh-for-agents-enforcer check [--policy PATH] [--mode M] [--json | --explain] COMMAND|-`: the verdict this
/// server's policy gives a command, worded as the client's `check` words it
/// (`Verdict.report(mode:)`, `VerdictJSON`), with the same exit status (0, 10, 11).
/// `-` reads one command per line from stdin and prints one JSON line per command.
public enum CheckCommand {
    public static let usage = "usage: ssh-for-agents-enforcer check [--policy PATH] [--mode MODE] [--json | --explain] COMMAND|-"

    public static func run(_ arguments: [String]) -> Int32 {
        var policyPath: String?
        var mode: PolicyMode?
        var json = false
        // Every reason with its rule id, decision and origin (built-in or the policy's rules).
        var explain = false
        var words: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--json": json = true
            case "--explain": explain = true
            case "--policy", "--mode":
                guard index < arguments.count else { return usageError("\(argument) needs a value") }
                let value = arguments[index]
                index += 1
                if argument == "--policy" {
                    policyPath = value
                } else {
                    guard let parsed = PolicyMode(rawValue: value) else {
                        return usageError(
                            "unknown mode \"\(value)\"; use one of \(PolicyMode.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                    mode = parsed
                }
            case "--help", "-h":
                StandardStreams.out(usage + "\nExit status: 0 allow, 10 needs_confirmation, 11 block, 2 usage or policy error.\n")
                return 0
            default:
                if argument.hasPrefix("--"), words.isEmpty, argument != "--" { return usageError("unknown option \(argument)") }
                words.append(argument)
            }
        }
        if words.first == "--" { words.removeFirst() }
        if json && explain { return usageError("--json and --explain do not go together") }
        guard words.count == 1, let command = words.first else {
            return usageError("expected one COMMAND (or - to read commands from stdin)")
        }

        var policy: PolicySettings
        switch settings(policyPath) {
        case .success(let loaded): policy = loaded
        case .failure(let error):
            StandardStreams.err("ssh-for-agents-enforcer check: \(error.description)\n")
            return 2
        }
        if let mode { policy.engine.mode = mode }
        let engine = PolicyEngine(config: policy.engine)
        if command == "-" {
            if explain { return usageError("--explain takes one COMMAND, not -") }
            checkLines(engine: engine)
            return 0
        }
        let verdict = engine.evaluate(command)
        StandardStreams.out(
            (json
                ? VerdictJSON.line(command: command, verdict: verdict, mode: policy.engine.mode)
                : explain ? verdict.explanation(mode: policy.engine.mode) : verdict.report(mode: policy.engine.mode)) + "\n")
        return verdict.decision.checkExitStatus
    }

    /// The named policy, or the default file; when the default file does not exist (a machine
    /// without the enforcer installed) the built-in defaults, said on stderr.
    static func settings(_ path: String?) -> Result<PolicySettings, PolicyFileError> {
        do {
            return .success(
                try PolicyFileLoader.load(path ?? EnforcerPolicy.defaultPath, defaultHostAlias: "check", requireSafe: false)
                    .settings)
        } catch {
            if path == nil, case .missing = error {
                StandardStreams.err("ssh-for-agents-enforcer check: no \(EnforcerPolicy.defaultPath); using the default policy\n")
                return .success(PolicySettings())
            }
            return .failure(error)
        }
    }

    static func checkLines(engine: PolicyEngine) {
        var input: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            input += buffer[0..<count]
        }
        var output: [UInt8] = []
        for record in input.split(separator: 0x0A) {
            var line = String(decoding: record, as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            guard !line.isEmpty else { continue }
            VerdictJSON.append(command: line, verdict: engine.evaluate(line), mode: engine.config.mode, to: &output)
            output.append(0x0A)
        }
        StandardStreams.out(String(decoding: output, as: UTF8.self))
    }

    static func usageError(_ message: String) -> Int32 {
        StandardStreams.err("ssh-for-agents-enforcer check: \(message)\n\(usage)\n")
        return 2
    }
}
