// One child process (ssh, sftp's subsystem, ssh-agent, ssh-keygen) started with posix_spawn and
// pipes we own. Not Foundation's Process: its reader threads and SIGCHLD handling hid the exit
// of children whose own children kept a pipe open (an ssh master forks away from its parent).
import CSpawn
import Foundation
import RemoteAccess

final class SpawnedProcess: @unchecked Sendable {
    /// What the child's stdin is.
    enum Input {
        /// /dev/null: the remote command sees EOF at once (as `ssh -n`).
        case null
        /// A pipe whose write end is `inputFD` (a long command's text, SFTP requests).
        case pipe
    }

    let pid: pid_t
    /// Write end of the child's stdin, or -1.
    private(set) var inputFD: Int32
    /// Read ends of the child's stdout and stderr (non-blocking), or -1 once closed.
    private(set) var outputFD: Int32
    private(set) var errorFD: Int32
    private var reaped: Int32?

    /// Starts `arguments[0]` (an absolute path) with `arguments`, the environment `environment`
    /// (nil: ours) and no other descriptor of ours.
    init(_ arguments: [String], input: Input = .null, environment: [String: String]? = nil) throws(SpawnFailure) {
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        func closeAll() { for fd in stdinPipe + stdoutPipe + stderrPipe where fd >= 0 { close(fd) } }
        guard cspawn_pipe_cloexec(&stdoutPipe) == 0, cspawn_pipe_cloexec(&stderrPipe) == 0 else {
            closeAll()
            throw SpawnFailure(program: arguments[0], reason: String(cString: strerror(errno)))
        }
        if case .pipe = input, cspawn_pipe_cloexec(&stdinPipe) != 0 {
            closeAll()
            throw SpawnFailure(program: arguments[0], reason: String(cString: strerror(errno)))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if case .pipe = input {
            posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        // Nothing else of ours: a libssh2 socket inherited by a long-lived ssh master would keep
        // that connection open after the pool closed it.
        _ = withUnsafeMutablePointer(to: &actions) { cspawn_addclosefrom($0, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Default signal handling in the child: a server that ignores SIGPIPE must not pass that on.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGCHLD)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environmentLines.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, arguments[0], &actions, &attributes, &argv, &envp)
        // The child's ends are the child's now.
        for fd in [stdinPipe[0], stdoutPipe[1], stderrPipe[1]] where fd >= 0 { close(fd) }
        guard status == 0 else {
            for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] where fd >= 0 { close(fd) }
            throw SpawnFailure(program: arguments[0], reason: String(cString: strerror(status)))
        }
        pid = child
        inputFD = stdinPipe[1]
        outputFD = stdoutPipe[0]
        errorFD = stderrPipe[0]
        for fd in [outputFD, errorFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        closeInput()
        closeOutputs()
        if reaped == nil {
            kill(pid, SIGKILL)
            _ = waitForExit()
        }
    }

    func closeInput() {
        if inputFD >= 0 { close(inputFD) }
        inputFD = -1
    }

    func closeOutputs() {
        if outputFD >= 0 { close(outputFD) }
        if errorFD >= 0 { close(errorFD) }
        outputFD = -1
        errorFD = -1
    }

    func closeOutput(_ stream: ExecStream) {
        if stream == .stdout {
            if outputFD >= 0 { close(outputFD) }
            outputFD = -1
        } else {
            if errorFD >= 0 { close(errorFD) }
            errorFD = -1
        }
    }

    func signal(_ signal: Int32) {
        if reaped == nil { kill(pid, signal) }
    }

    /// Blocks until the child exits; its exit status (128 + N for a signal N).
    func waitForExit() -> Int32 {
        if let reaped { return reaped }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR {
                reaped = -1
                return -1
            }
        }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        reaped = code
        return code
    }

    /// The exit status if the child has exited, without blocking.
    func exitStatusIfExited() -> Int32? {
        if let reaped { return reaped }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        reaped = code
        return code
    }

    /// Runs a short helper to its end, with everything it printed (stdout, then stderr).
    static func run(
        _ arguments: [String], environment: [String: String]? = nil, input: [UInt8]? = nil, limit: Duration = .seconds(30)
    ) throws(SpawnFailure) -> (status: Int32, stdout: [UInt8], stderr: [UInt8]) {
        let child = try SpawnedProcess(arguments, input: input == nil ? .null : .pipe, environment: environment)
        if let input {
            _ = input.withUnsafeBytes { write(child.inputFD, $0.baseAddress, $0.count) }
            child.closeInput()
        }
        var out: [UInt8] = []
        var err: [UInt8] = []
        let deadline = ContinuousClock.now + limit
        var buffer = [UInt8](repeating: 0, count: 65536)
        var exited = false
        while child.outputFD >= 0 || child.errorFD >= 0 {
            if ContinuousClock.now >= deadline {
                child.signal(SIGKILL)
                break
            }
            var fds = [child.outputFD, child.errorFD].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), exited ? 0 : 50)
            var gotBytes = false
            for (fd, stream) in [(child.outputFD, ExecStream.stdout), (child.errorFD, .stderr)] where fd >= 0 {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    gotBytes = true
                    if stream == .stdout { out += buffer[..<count] } else { err += buffer[..<count] }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    child.closeOutput(stream)
                }
            }
            // Once the helper itself exited, what it wrote is in the pipes: take it and stop. A
            // process it left behind (`ssh -f`'s master) may hold the pipes open for good.
            if exited && !gotBytes { break }
            if !exited, child.exitStatusIfExited() != nil { exited = true }
        }
        child.closeOutputs()
        return (child.waitForExit(), out, err)
    }
}

struct SpawnFailure: Error, Sendable {
    let program: String
    let reason: String
}
