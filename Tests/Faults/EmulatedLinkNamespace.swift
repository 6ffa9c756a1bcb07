// A network namespace whose only way in is a link emulated in user space (LinkEmulator: two TUN
// devices on 10.204.x.1 <-> 10.204.x.2, point to point), for the faults this kernel's qdiscs cannot
// make: it has no netem. A sandbox sshd listening on `innerAddress` is reachable only through the
// emulator, so every packet to and from it takes the loss and the delay. Always torn down, also
// after a failure. The veth-based NetworkNamespace stays as it is for the cut-link case.
import Foundation
import Synchronization

final class EmulatedLinkNamespace: Sendable {
    let name: String
    /// Our end of the link, and the namespace's end: where the sandbox sshd listens.
    let hostAddress: String
    let innerAddress: String
    private let emulator: LinkEmulator
    private let removed = Mutex(false)

    /// Creates the namespace and starts the emulator, or throws (failing the test) with the
    /// reason: a machine without namespaces or TUN fails this test, it never skips it.
    init(index: Int, shape: LinkShape) async throws {
        let tag = "\(getpid() % 10_000)-\(index)"
        name = "sfa-link-\(tag)"
        hostAddress = "10.204.\(index).1"
        innerAddress = "10.204.\(index).2"
        Self.removeStale(tag: tag)
        try NetworkNamespace.run(["/usr/sbin/ip", "netns", "add", name])
        do {
            try NetworkNamespace.run(["/usr/sbin/ip", "-n", name, "link", "set", "lo", "up"])
            emulator = try await LinkEmulator(
                namespace: name, outer: "sfat\(tag)a", inner: "sfat\(tag)b",
                outerAddress: hostAddress, innerAddress: innerAddress, shape: shape)
        } catch {
            _ = try? NetworkNamespace.run(["/usr/sbin/ip", "netns", "del", name], quiet: true)
            throw error
        }
        print("FAULT-LINK \(emulator.configuration)")
    }

    deinit { remove() }

    func remove() {
        guard
            !removed.withLock({ done in
                defer { done = true }
                return done
            })
        else { return }
        print("FAULT-LINK \(emulator.stop())")
        _ = try? NetworkNamespace.run(["/usr/sbin/ip", "netns", "del", name], quiet: true)
    }

    /// A namespace left by a crashed run of this same process id and index. Its emulator ended
    /// with that run, taking the TUN devices with it, but the namespace stays until deleted, and
    /// so does the sshd that run left inside it (deleting a namespace ends no process).
    private static func removeStale(tag: String) {
        let stale = "sfa-link-\(tag)"
        let pids = (try? NetworkNamespace.run(["/usr/sbin/ip", "netns", "pids", stale], quiet: true)) ?? ""
        for pid in pids.split(whereSeparator: \.isWhitespace).compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
        _ = try? NetworkNamespace.run(["/usr/sbin/ip", "link", "del", "sfat\(tag)a"], quiet: true)
        _ = try? NetworkNamespace.run(["/usr/sbin/ip", "netns", "del", stale], quiet: true)
    }
}
