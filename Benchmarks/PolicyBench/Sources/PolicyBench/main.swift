import AgentPolicy
import Foundation

// Usage: PolicyBench [CORPUS.tsv] [ROUNDS]
// Prints the median and p99 time per check over every corpus command (guarded mode), the same for
// readonly, and the time to check 1 MB commands. Reports; asserts nothing.

let corpusPath = CommandLine.arguments.dropFirst().first ?? "../../../shared/policy-corpus/corpus.tsv"
let rounds = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 200
guard let text = try? String(contentsOfFile: corpusPath, encoding: .utf8) else {
    FileHandle.standardError.write(Data("cannot read \(corpusPath)\n".utf8))
    exit(1)
}
let commands = text.split(separator: "\n").dropFirst().compactMap { $0.split(separator: "\t").first.map(String.init) }
let clock = ContinuousClock()

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

func perCommand(_ mode: PolicyMode) -> [Double] {
    let engine = PolicyEngine(config: PolicyConfig(mode: mode))
    var samples: [Double] = []
    samples.reserveCapacity(commands.count * rounds)
    for _ in 0..<rounds {
        for command in commands {
            let start = clock.now
            let verdict = engine.evaluate(command)
            samples.append(nanoseconds(clock.now - start))
            if verdict.segments.count == Int.max { print("unreachable") }
        }
    }
    return samples.sorted()
}

for mode in [PolicyMode.guarded, .readonly] {
    let samples = perCommand(mode)
    let median = samples[samples.count / 2] / 1000
    let p99 = samples[Int(Double(samples.count) * 0.99)] / 1000
    print("\(mode.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(samples.count) checks: "
        + String(format: "median %.2f µs, p99 %.2f µs, max %.1f µs", median, p99, samples.last! / 1000))
}

let megabyte = 1 << 20
let bigCases: [(String, String)] = [
    ("1 MB of `echo hello world;` commands", String(repeating: "echo hello world; ", count: megabyte / 18)),
    ("1 MB single-quoted argument", "echo '" + String(repeating: "x", count: megabyte) + "'"),
    ("1 MB pipeline of cat", String(repeating: "cat | ", count: megabyte / 6) + "cat"),
    ("1 MB of unterminated quote (fails closed)", "echo \"" + String(repeating: "y", count: megabyte)),
]
for (label, command) in bigCases {
    let start = clock.now
    let verdict = PolicyEngine().evaluate(command)
    let elapsed = String(format: "%8.1f ms", nanoseconds(clock.now - start) / 1e6)
    print("\(label.padding(toLength: 44, withPad: " ", startingAt: 0)) \(elapsed)  → \(verdict.decision.rawValue)")
}
