// Times PolicyEngine.evaluate: median and p99 per command over the corpus (every mode), a
// 100,000-line shell history, and a 1 MB command. Prints numbers; asserts nothing about time.
import AgentPolicy
import Foundation

let arguments = CommandLine.arguments
let corpusPath = arguments.count > 1 ? arguments[1] : "../../Tests/PolicyTests/Fixtures/corpus.tsv"
guard let text = try? String(contentsOfFile: corpusPath, encoding: .utf8) else {
    FileHandle.standardError.write(Data("cannot read the corpus at \(corpusPath)\n".utf8))
    exit(1)
}
let commands = text.split(separator: "\n").dropFirst().compactMap { $0.split(separator: "\t").first.map(String.init) }
let clock = ContinuousClock()

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return "\(rounded)"
}

for mode in PolicyMode.allCases {
    let engine = PolicyEngine(config: PolicyConfig(mode: mode))
    for command in commands { _ = engine.evaluate(command) }  // warm up
    var samples: [Double] = []
    samples.reserveCapacity(commands.count * 50)
    for _ in 0..<50 {
        for command in commands {
            samples.append(microseconds(clock.measure { _ = engine.evaluate(command) }))
        }
    }
    samples.sort()
    let median = samples[samples.count / 2], p99 = samples[samples.count * 99 / 100]
    print("\(mode.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) corpus (\(commands.count) commands × 50): median \(format(median)) µs, p99 \(format(p99)) µs, max \(format(samples.last ?? 0)) µs")
}

let engine = PolicyEngine()
let history = (0..<100_000).map { commands[$0 % commands.count] }
let historyTime = clock.measure { for command in history { _ = engine.evaluate(command) } }
print("100,000-line history: \(format(microseconds(historyTime) / 1000)) ms")

let line = "cd /srv/app && git status --short | grep -v '^??' > /tmp/out; echo \"done: $(date)\"\n"
let big = String(repeating: line, count: (1 << 20) / line.utf8.count)
let bigTime = clock.measure { _ = engine.evaluate(big) }
print("1 MB command (\(big.utf8.count) bytes, \(big.split(separator: "\n").count) lines): \(format(microseconds(bigTime) / 1000)) ms")

let quoted = "echo '" + String(repeating: "x", count: 1 << 20) + "'"
print("1 MB quoted argument: \(format(microseconds(clock.measure { _ = engine.evaluate(quoted) }) / 1000)) ms")
let nested = String(repeating: "$(", count: 100_000) + String(repeating: ")", count: 100_000)
print("200 KB of nested substitutions (refused): \(format(microseconds(clock.measure { _ = engine.evaluate("echo " + nested) }) / 1000)) ms")
