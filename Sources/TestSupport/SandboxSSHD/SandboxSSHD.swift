import Foundation
import Synchronization

/// A private OpenSSH server on 127.0.0.1 with fresh keys, for tests, the demo and benchmarks.
///
///     let sandbox = try await SandboxSSHD.start()
///     defer { sandbox.stop() }
///     // connect to sandbox.host:sandbox.port as sandbox.username with sandbox.ecdsaKeyPath
///
/// It is a real `sshd -D` child process: `stop()` (or deinit) kills it and every connection it
/// accepted and deletes the directory; `restart()` brings it back on the same port and keys.
public final class SandboxSSHD: Sendable {
    /// The IPv4 loopback, unless the options named another listener (a fault test's namespace).
    public let host: String
    private let listener: SandboxListener
    public let port: Int
    /// The account sshd logs in: the dedicated account as root, else the current user.
    public let username: String
    /// The account's home directory, where tests may leave marker files.
    public let homeDirectory: String
    public let directory: String
    /// known_hosts holding `[127.0.0.1]:PORT ssh-ed25519 ...` for this server's host key.
    public let knownHostsPath: String
    /// `SHA256:...` of the host key, as `ssh-keygen -lf` prints it.
    public let hostKeyFingerprint: String
    /// Client ed25519 key in OpenSSH format, encrypted with `ed25519Passphrase`; `.pub` beside it.
    public let ed25519KeyPath: String
    /// Random per sandbox; a throwaway test secret, so it may be printed.
    public let ed25519Passphrase: String
    /// Client ECDSA P-256 key without a passphrase; `.pub` beside it.
    public let ecdsaKeyPath: String
    /// sshd's `-E` log: the first place to look when a test fails to connect.
    public let sshdLogPath: String
    /// The generated `sshd_config`.
    public let sshdConfigPath: String

    private let layout: SandboxLayout
    private let createdDirectory: Bool
    private let lifecycle: Mutex<Lifecycle>

    /// The listener's life cycle. `restarting` holds the old pid so `pid` stays meaningful.
    private enum Lifecycle {
        case running(SSHDChild)
        case restarting(lastPID: Int32)
        case stopped(lastPID: Int32)
    }

    /// Generates keys and config, starts sshd on a free port and returns once it answers.
    public static func start(_ options: SandboxOptions = SandboxOptions()) async throws -> SandboxSSHD {
        try requirePrograms()
        let account = try SandboxAccount.prepare(named: options.accountName)
        try SandboxAccount.ensurePrivilegeSeparationDirectory()
        let (directory, created) = try SandboxDirectory.prepare(options.directory)
        let layout = SandboxLayout(directory: directory)
        do {
            let keys = try KeyMaterial.generate(in: layout)
            let (port, process) = try await launchOnFreePort(layout, keys, account, options)
            return SandboxSSHD(
                layout: layout, createdDirectory: created, port: port,
                account: account, keys: keys, process: process, listener: options.listener)
        } catch {
            SandboxDirectory.remove(layout, created: created)
            throw error
        }
    }

    private init(
        layout: SandboxLayout, createdDirectory: Bool, port: Int,
        account: SandboxAccount, keys: KeyMaterial, process: SSHDChild, listener: SandboxListener
    ) {
        self.layout = layout
        self.listener = listener
        self.host = listener.address
        self.createdDirectory = createdDirectory
        self.port = port
        self.username = account.name
        self.homeDirectory = account.home
        self.directory = layout.directory
        self.knownHostsPath = layout.knownHosts
        self.hostKeyFingerprint = keys.hostKeyFingerprint
        self.ed25519KeyPath = layout.ed25519Key
        self.ed25519Passphrase = keys.ed25519Passphrase
        self.ecdsaKeyPath = layout.ecdsaKey
        self.sshdLogPath = layout.log
        self.sshdConfigPath = layout.config
        self.lifecycle = Mutex(.running(process))
    }

    deinit { stop() }

    /// Kills sshd and every connection it accepted, waits for them, deletes the directory.
    /// Safe to call more than once.
    public func stop() {
        let process: SSHDChild? = lifecycle.withLock { state in
            switch state {
            case .running(let process):
                state = .stopped(lastPID: process.pid)
                return process
            case .restarting(let pid):
                // restart() sees `.stopped` when its new sshd comes up and stops that one.
                state = .stopped(lastPID: pid)
                return nil
            case .stopped:
                return nil
            }
        }
        if let process { SSHDProcess.stop(process) }
        SandboxDirectory.remove(layout, created: createdDirectory)
    }

    /// Stops sshd (dropping open connections, as a server restart would) and starts it again on
    /// the same port with the same keys; returns once it accepts connections.
    public func restart() async throws {
        let old: SSHDChild = try lifecycle.withLock { state in
            guard case .running(let process) = state else {
                throw SandboxError.alreadyStopped(directory: directory)
            }
            state = .restarting(lastPID: process.pid)
            return process
        }
        SSHDProcess.stop(old)
        let fresh: SSHDChild
        do {
            fresh = try await relaunchOnSamePort()
        } catch {
            lifecycle.withLock { state in
                if case .restarting(let pid) = state { state = .stopped(lastPID: pid) }
            }
            throw error
        }
        let stoppedMeanwhile = lifecycle.withLock { state -> Bool in
            guard case .restarting = state else { return true }
            state = .running(fresh)
            return false
        }
        if stoppedMeanwhile {
            SSHDProcess.stop(fresh)
            throw SandboxError.alreadyStopped(directory: directory)
        }
    }

    /// True while the sshd listener process is alive.
    public var isRunning: Bool {
        lifecycle.withLock { state in
            if case .running(let process) = state { return process.isRunning }
            return false
        }
    }

    /// Every process below the listener: the connections' sshd processes and the commands they
    /// run. For fault tests that freeze (SIGSTOP) or kill a server's sessions.
    public var sessionProcesses: [Int32] {
        ProcessTree.descendants(of: pid)
    }

    /// The listener's pid; after `stop()`, the pid it had, so a test can check it is gone.
    public var pid: Int32 {
        lifecycle.withLock { state in
            switch state {
            case .running(let process): return process.pid
            case .restarting(let pid), .stopped(let pid): return pid
            }
        }
    }

    // MARK: - Launching

    private static func requirePrograms() throws {
        for (path, package) in [
            (SSHDProcess.sshdPath, "openssh-server"),
            (KeyMaterial.sshKeygenPath, "openssh-client"),
            (SSHDConfig.sftpServerPath, "openssh-sftp-server"),
        ]
        where !FileManager.default.isExecutableFile(atPath: path) {
            throw SandboxError.programMissing(path: path, package: package)
        }
    }

    /// The free port we probe may be taken before sshd binds it; try a few fresh ones.
    private static func launchOnFreePort(
        _ layout: SandboxLayout, _ keys: KeyMaterial,
        _ account: SandboxAccount,
        _ options: SandboxOptions
    ) async throws -> (Int, SSHDChild) {
        var attempt = 0
        while true {
            attempt += 1
            let port = try LoopbackPort.free()
            try KeyMaterial.write(
                keys.knownHostsLine(host: options.listener.address, port: port),
                to: layout.knownHosts, mode: 0o644)
            try KeyMaterial.write(
                SSHDConfig.render(
                    layout: layout, port: port,
                    account: account.name, options: options),
                to: layout.config, mode: 0o644)
            do {
                return (port, try await SSHDProcess.launch(layout: layout, port: port, listener: options.listener))
            } catch let failure as SSHDProcess.LaunchFailure {
                if !failure.addressInUse || attempt >= 5 { throw failure.error }
            }
        }
    }

    /// After a stop the port is free again unless something grabbed it; give that a few seconds.
    private func relaunchOnSamePort() async throws -> SSHDChild {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await SSHDProcess.launch(layout: layout, port: port, listener: listener)
            } catch let failure as SSHDProcess.LaunchFailure {
                if !failure.addressInUse || attempt >= 20 { throw failure.error }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
