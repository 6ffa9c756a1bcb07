// The OpenSSH transport in tests: a private control directory per transport (its own
// XDG_RUNTIME_DIR), so tests never meet each other's masters or the user's, and every master a
// test started is ended when it finishes.
import Foundation
import OpenSSHTransport
import SSHTransport
import SandboxSSHD
import Synchronization
import XCTest

enum OpenSSHFixture {
    /// Removed when the test bundle finishes (`Fixture.stopShared`), with the sockets in them.
    static let runtimeDirectories = Mutex<[String]>([])

    /// The environment of a transport: ours, with a fresh runtime directory (and HOME if given).
    static func environment(home: String? = nil) throws -> [String: String] {
        // Short: the socket path must stay under 107 bytes.
        let runtime = "/tmp/sfa-o-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(
            atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_RUNTIME_DIR"] = runtime
        runtimeDirectories.withLock { $0.append(runtime) }
        if let home { environment["HOME"] = home }
        return environment
    }

    static func transport(home: String? = nil, persist: Duration = .seconds(60)) throws -> OpenSSHTransport {
        OpenSSHTransport(persist: persist, environment: try environment(home: home))
    }

    static func openSSHTarget(_ sandbox: SandboxSSHD) -> SSHTarget {
        var target = Fixture.ecdsaTarget(sandbox)
        target.transport = .openssh
        return target
    }

    /// How many logins sshd accepted so far: one per master, however many calls ran on it.
    static func logins(_ sandbox: SandboxSSHD) -> Int {
        let log = (try? String(contentsOfFile: sandbox.sshdLogPath, encoding: .utf8)) ?? ""
        return log.components(separatedBy: "Accepted publickey").count - 1
    }

    /// An RSA key the sandbox authorizes: OpenSSH signs it with rsa-sha2-512, libssh2 1.10 with SHA-1.
    static func authorizedRSAKey(_ sandbox: SandboxSSHD) throws -> String {
        let directory = try Fixture.temporaryDirectory()
        try Fixture.shell("ssh-keygen -q -t rsa -b 2048 -N '' -f \(directory)/rsa")
        try sandbox.authorize(publicKeyFile: directory + "/rsa.pub")
        return directory + "/rsa"
    }
}
