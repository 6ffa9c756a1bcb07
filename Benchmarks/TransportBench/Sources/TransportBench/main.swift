import Foundation
import SandboxSSHD
import OpenSSHTransport
import SSHTransport

// Usage: TransportBench [ITERATIONS]   (default 200)
// Prints min / median / p90 per call for each contender and the ratios against ControlMaster.

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 200

func measure(_ label: String, _ count: Int, _ body: () async throws -> Void) async rethrows -> [Double] {
    var samples: [Double] = []
    samples.reserveCapacity(count)
    let clock = ContinuousClock()
    for _ in 0..<count {
        let elapsed = try await clock.measure { try await body() }
        samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    return samples.sorted()
}

func summary(_ label: String, _ samples: [Double]) -> String {
    func at(_ q: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * q))] }
    return label.padding(toLength: 34, withPad: " ", startingAt: 0)
        + String(format: " n=%4d  min %7.2f ms  median %7.2f ms  p90 %7.2f ms", samples.count, samples[0], at(0.5), at(0.9))
}

func runProcess(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(domain: "bench", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: "ssh \(arguments) failed"])
    }
}

let sandbox = try await SandboxSSHD.start()
defer { sandbox.stop() }
let pool = SSHConnectionPool()
let target = SSHTarget(
    hostname: sandbox.host, port: sandbox.port, username: sandbox.username,
    authentication: .privateKey(path: sandbox.ecdsaKeyPath, passphraseEnvironmentVariable: nil),
    hostKeyVerification: .knownHosts(files: [sandbox.knownHostsPath]), connectTimeout: .seconds(10))
let request = ExecRequest(command: "true", timeout: .seconds(10), maxOutputBytes: 1 << 16, onOutput: nil)

let openssh = OpenSSHTransport()
var opensshTarget = target
opensshTarget.transport = .openssh

// Warm every path first: one handshake each, not counted.
_ = try await pool.exec(target, request)
_ = try await openssh.exec(opensshTarget, request)
let controlPath = sandbox.directory + "/cm-%C"
let master = sandbox.sshCommandArguments(extra: ["-o", "ControlMaster=auto", "-o", "ControlPath=\(controlPath)", "-o", "ControlPersist=60"])
try runProcess(master + ["true"])

// Interleave rounds so machine-load drift hits every contender alike.
var ours: [Double] = [], oursOpenSSH: [Double] = [], controlMaster: [Double] = [], fresh: [Double] = []
let rounds = 10
for _ in 0..<rounds {
    ours += try await measure("pool", iterations / rounds) { _ = try await pool.exec(target, request) }
    oursOpenSSH += try await measure("openssh", iterations / rounds) { _ = try await openssh.exec(opensshTarget, request) }
    controlMaster += try await measure("cm", iterations / rounds) { try runProcess(master + ["true"]) }
    fresh += try await measure("fresh", max(1, iterations / rounds / 10)) { try runProcess(sandbox.sshCommandArguments() + ["true"]) }
}
ours.sort(); oursOpenSSH.sort(); controlMaster.sort(); fresh.sort()
try? runProcess(master + ["-O", "exit"])
await pool.closeAll()
await openssh.stopMasters()

print(summary("ssh-for-agents pool (libssh2)", ours))
print(summary("ssh-for-agents openssh transport", oursOpenSSH))
print(summary("ssh + ControlMaster", controlMaster))
print(summary("ssh, new connection each call", fresh))
let median = { (s: [Double]) in s[s.count / 2] }
print(String(format: "ratio ControlMaster / ours (median): %.1fx faster", median(controlMaster) / median(ours)))
print(String(format: "ratio new connection / ours (median): %.1fx faster", median(fresh) / median(ours)))
print(String(format: "ratio openssh transport / libssh2 pool (median): %.2f", median(oursOpenSSH) / median(ours)))
print(String(format: "ratio ssh + ControlMaster / openssh transport (median): %.2f", median(controlMaster) / median(oursOpenSSH)))
print("handshakes performed by the pool: \(pool.statistics)")
