// NOT LANDED (issue 19's "20 % loss and 200 ms delay"): this kernel has no netem qdisc
// (`tc qdisc add … netem` says "Specified qdisc kind is unknown"), so the case cannot pass here,
// and a case lands in the suite only once it passes reliably. It is excluded from the FaultTests
// target (Package.swift); to try it on a kernel with sch_netem, move it back into Tests/Faults.
import Foundation
import SSHTransport
import SandboxSSHD
import XCTest

/// 20 % loss and 200 ms delay need the kernel's netem qdisc; without it this fails with the reason.
final class NetemFaultTests: XCTestCase {
    func testLossAndDelay() async throws {
        let namespace = try NetworkNamespace(index: 2)
        defer { namespace.remove() }
        try namespace.degrade(lossPercent: 20, delayMilliseconds: 200)
        let sandbox = try await SandboxSSHD.start(
            SandboxOptions(
                listener: SandboxListener(address: namespace.innerAddress, namespace: namespace.name)))
        defer { sandbox.stop() }
        let pool = SSHConnectionPool()
        let target = FaultFixture.target(sandbox, connectTimeout: .seconds(30))
        for index in 0..<5 {
            let (outcome, time) = try await bounded(.seconds(120)) {
                try await pool.exec(target, ExecRequest(command: "seq 1 20000", timeout: .seconds(60)))
            }
            measured("20 % loss, 200 ms delay: call \(index)", time)
            XCTAssertEqual(try outcome.get().stdout.totalBytes, 108_894)
        }
        await pool.closeAll()
    }
}
