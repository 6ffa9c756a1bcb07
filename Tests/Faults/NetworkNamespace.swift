// A network namespace the test creates, joined to ours by a veth pair on a private /30, so a
// sandbox sshd inside it can have its link cut (`ip link set … down`) without touching the
// machine's real interfaces. Always torn down, also after a failure. (Loss and delay need netem,
// which this kernel lacks: EmulatedLinkNamespace makes that link in user space instead.)
import Foundation
import Synchronization
import TestProcesses
import XCTest

final class NetworkNamespace: Sendable {
    let name: String
    /// Our end of the veth pair, and its address.
    let hostInterface: String
    let hostAddress: String
    /// The namespace's end and its address: where the sandbox sshd listens.
    let innerInterface: String
    let innerAddress: String

    /// Creates the namespace, or throws (failing the test) with the reason: a machine that
    /// cannot create namespaces fails these tests, it never skips them.
    init(index: Int) throws {
        let tag = "\(getpid() % 10_000)-\(index)"
        name = "sfa-fault-\(tag)"
        hostInterface = "sfaf\(tag)a"
        innerInterface = "sfaf\(tag)b"
        hostAddress = "10.203.\(index).1"
        innerAddress = "10.203.\(index).2"
        Self.removeStale(index: index)
        do {
            try Self.ip("netns", "add", name)
            try Self.ip("link", "add", hostInterface, "type", "veth", "peer", "name", innerInterface)
            try Self.ip("link", "set", innerInterface, "netns", name)
            try Self.ip("addr", "add", "\(hostAddress)/30", "dev", hostInterface)
            try Self.ip("link", "set", hostInterface, "up")
            try Self.ip("-n", name, "addr", "add", "\(innerAddress)/30", "dev", innerInterface)
            try Self.ip("-n", name, "link", "set", innerInterface, "up")
            try Self.ip("-n", name, "link", "set", "lo", "up")
        } catch {
            remove()
            throw error
        }
    }

    deinit { remove() }

    /// The link goes down on our side: packets stop both ways, sockets stay open (a Wi-Fi drop).
    func cutLink() throws { try Self.ip("link", "set", hostInterface, "down") }

    func restoreLink() throws { try Self.ip("link", "set", hostInterface, "up") }

    private let removed = Mutex(false)

    func remove() {
        guard
            !removed.withLock({ done in
                defer { done = true }
                return done
            })
        else { return }
        _ = try? Self.run(["/usr/sbin/ip", "link", "del", hostInterface], quiet: true)
        _ = try? Self.run(["/usr/sbin/ip", "netns", "del", name], quiet: true)
    }

    /// A namespace left by a crashed run of this same process id and index.
    private static func removeStale(index: Int) {
        let tag = "\(getpid() % 10_000)-\(index)"
        _ = try? run(["/usr/sbin/ip", "link", "del", "sfaf\(tag)a"], quiet: true)
        _ = try? run(["/usr/sbin/ip", "netns", "del", "sfa-fault-\(tag)"], quiet: true)
    }

    private static func ip(_ arguments: String...) throws {
        try run(["/usr/sbin/ip"] + arguments)
    }

    struct CommandFailed: Error, CustomStringConvertible {
        let command: [String]
        let status: Int32
        let output: String
        var description: String {
            "`\(command.joined(separator: " "))` failed (status \(status)): \(output.isEmpty ? "no output" : output). "
                + "The fault tests need root, iproute2 (scripts/install-deps.sh installs it) and a kernel that "
                + "allows network namespaces and veth pairs."
        }
    }

    @discardableResult
    static func run(_ command: [String], quiet: Bool = false) throws -> String {
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let (status, output) = try LocalShell.run(quoted + " 2>&1")
        if status != 0 {
            throw CommandFailed(command: command, status: status, output: output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output
    }
}
