// One session on the master with pipes of ours as its stdio: the master writes the command's
// stdout and stderr straight into them (and reads stdin from one, for a long command or SFTP).
import CSpawn
import Foundation
import RemoteAccess

final class MuxSessionPipes {
    enum Failure: Error {
        case noMaster(String)
        case refused(String)
        /// The session did not open within the limit: nothing ran.
        case noAnswer
        case local(String)
    }

    let mux: MuxClient
    /// Our ends: write to the session's stdin (or -1), read its stdout and stderr (non-blocking).
    private(set) var inputFD: Int32
    private(set) var outputFD: Int32
    private(set) var errorFD: Int32

    private init(mux: MuxClient, inputFD: Int32, outputFD: Int32, errorFD: Int32) {
        self.mux = mux
        self.inputFD = inputFD
        self.outputFD = outputFD
        self.errorFD = errorFD
    }

    static func open(
        socket: String, command: String, subsystem: Bool, withInput: Bool, limit: Duration = .seconds(20)
    ) throws(Failure) -> MuxSessionPipes {
        let mux: MuxClient
        do {
            mux = try MuxClient(socket: socket)
        } catch {
            switch error {
            case .noMaster(let reason): throw .noMaster(reason)
            case .refused(let reason): throw .refused(reason)
            case .noAnswer: throw .refused("the master did not answer its hello")
            }
        }
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        var input: [Int32] = [-1, -1]
        guard cspawn_pipe_cloexec(&output) == 0, cspawn_pipe_cloexec(&errors) == 0,
            withInput ? cspawn_pipe_cloexec(&input) == 0 : true
        else {
            for fd in output + errors + input where fd >= 0 { Glibc.close(fd) }
            throw .local("cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        let remoteInput = withInput ? input[0] : Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer {
            // The master holds its own duplicates of the session's ends now (or none, on failure).
            for fd in [remoteInput, output[1], errors[1]] where fd >= 0 { Glibc.close(fd) }
        }
        do {
            try mux.openSession(
                command: command, subsystem: subsystem, stdin: remoteInput, stdout: output[1], stderr: errors[1], limit: limit)
        } catch {
            for fd in [output[0], errors[0], input[1]] where fd >= 0 { Glibc.close(fd) }
            switch error {
            case .noMaster(let reason): throw .noMaster(reason)
            case .refused(let reason): throw .refused(reason)
            case .noAnswer: throw .noAnswer
            }
        }
        for fd in [output[0], errors[0], input[1]] where fd >= 0 { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return MuxSessionPipes(mux: mux, inputFD: input[1], outputFD: output[0], errorFD: errors[0])
    }

    deinit { close() }

    func closeInput() {
        if inputFD >= 0 { Glibc.close(inputFD) }
        inputFD = -1
    }

    func closeOutput(_ stream: ExecStream) {
        if stream == .stdout {
            if outputFD >= 0 { Glibc.close(outputFD) }
            outputFD = -1
        } else {
            if errorFD >= 0 { Glibc.close(errorFD) }
            errorFD = -1
        }
    }

    /// Closes our ends; the master then closes the session (the remote process is not ended by
    /// that: ending it is the cancel line's job).
    func close() {
        closeInput()
        closeOutput(.stdout)
        closeOutput(.stderr)
    }

    /// Runs a short helper session to its end; its exit status, or nil (no master, no status in time).
    static func run(socket: String, command: String, limit: Duration) -> Int32? {
        guard let session = try? open(socket: socket, command: command, subsystem: false, withInput: false, limit: limit) else {
            return nil
        }
        defer { session.close() }
        let deadline = ContinuousClock.now + limit
        var buffer = [UInt8](repeating: 0, count: 4096)
        var status: Int32?
        while ContinuousClock.now < deadline {
            var fds = [session.outputFD, session.errorFD, session.mux.fd].filter { $0 >= 0 }
                .map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), 50)
            for stream in [ExecStream.stdout, .stderr] {
                let fd = stream == .stdout ? session.outputFD : session.errorFD
                guard fd >= 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { session.closeOutput(stream) }
            }
            for event in session.mux.poll() {
                switch event {
                case .exitStatus(let code): status = code
                case .closed: return status
                }
            }
        }
        return status
    }
}
