// One command as a session on the target's master (over `MuxClient`, no ssh process), with stdout and
// stderr on pipes of ours (the master writes to them directly), drained in bounded slices on
// this call's own thread so a deadline, a cancellation or a flood is seen within 50 ms. Ending
// works as on libssh2: a second session runs the reserved `cancel` line that signals the
// command's process group, because closing a session does not end the remote process.
import AgentContracts
import Foundation
import RemoteAccess
import Synchronization

final class MasterSession: @unchecked Sendable {
    enum EndReason { case timeout, cancelled, flood }

    /// What a finished session means to the transport.
    enum Outcome {
        case finished(ExecResult)
        case cancelled
        /// The master was gone before the session opened: nothing ran; start one and retry.
        case masterGone
        case failed(SSHError)
    }

    static let maxCommandBytes = ReservedLine.maxCommandBytes
    private static let drainSliceBytes = 1 << 20

    private let request: ExecRequest
    private let arguments: SSHArguments
    private let deadline: ContinuousClock.Instant?
    private let cancelled: CancelFlag
    private let started = ContinuousClock.now
    private var stdout = CapturedOutput()
    private var stderr = CapturedOutput()
    private var endReason: EndReason?
    private var endConfirmed = false

    init(request: ExecRequest, arguments: SSHArguments, deadline: ContinuousClock.Instant?, cancelled: CancelFlag) {
        self.request = request
        self.arguments = arguments
        self.deadline = deadline
        self.cancelled = cancelled
    }

    func run() -> Outcome {
        let marker = request.isReservedLine ? nil : ReservedLine.newExecID()
        let (command, input) = ReservedLine.wireCommand(request.command, execID: marker, approval: request.approval)
        if let input, input.count > Self.maxCommandBytes {
            return .failed(.commandTooLong(bytes: input.count, limit: Self.maxCommandBytes))
        }
        let socket = arguments.directory.socket(for: arguments.target)
        let session: MuxSessionPipes
        do {
            // Within the call's deadline: a session the server does not open in time never ran.
            let limit = deadline.map { min(max(.zero, ContinuousClock.now.duration(to: $0)), .seconds(20)) } ?? .seconds(20)
            session = try MuxSessionPipes.open(
                socket: socket, command: command, subsystem: false, withInput: input != nil, limit: limit)
        } catch {
            switch error {
            case .noMaster:
                // Nothing was sent; a new master may do (the caller retries once).
                return .masterGone
            case .noAnswer:
                if cancelled.isSet { return .cancelled }
                return .failed(
                    .notRunTimedOut(
                        host: arguments.destination, seconds: request.timeout?.secondsDouble ?? 20,
                        reason: "the server did not open a session on the ssh master connection"))
            case .refused(let reason):
                return .failed(
                    .channelFailed(host: arguments.destination, reason: "the ssh master refused the session: \(reason)"))
            case .local(let reason): return .failed(.channelFailed(host: arguments.destination, reason: reason))
            }
        }
        var pendingInput = input.map { $0[...] }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var graceUntil: ContinuousClock.Instant?
        var exitStatus: Int32?
        var muxOpen = true

        while session.outputFD >= 0 || session.errorFD >= 0 || muxOpen {
            if let remaining = pendingInput {
                pendingInput = send(remaining, to: session)
            }
            if endReason == nil, let reason = pendingEndReason() {
                endReason = reason
                if let marker { endConfirmed = endRemoteProcess(marker) }
                graceUntil = .now + .seconds(endConfirmed ? 6 : 2)
            }
            if let graceUntil, ContinuousClock.now >= graceUntil { break }
            var fds = [session.outputFD, session.errorFD, muxOpen ? session.mux.fd : -1].filter { $0 >= 0 }
                .map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), 50)
            for stream in [ExecStream.stdout, .stderr] {
                drain(stream, of: session, into: &buffer)
            }
            if muxOpen {
                for event in session.mux.poll() {
                    switch event {
                    case .exitStatus(let status): exitStatus = status
                    case .closed: muxOpen = false
                    }
                }
            }
        }
        let closedEarly = session.outputFD >= 0 || session.errorFD >= 0 || muxOpen
        session.close()
        return outcome(exitStatus: exitStatus, closedEarly: closedEarly)
    }

    private func outcome(exitStatus: Int32?, closedEarly: Bool) -> Outcome {
        if endReason == .cancelled { return .cancelled }
        if exitStatus == nil, endReason == nil, !closedEarly {
            // No status: the command died of a signal (OpenSSH's master does not pass on which),
            // or the connection went away under it. Only the master can say which.
            if !ControlMaster.isAlive(arguments, socket: arguments.directory.socket(for: arguments.target)) {
                let loss = ControlMaster.lossReason(arguments)
                if loss.stalled {
                    return .failed(
                        .connectionStalled(
                            host: arguments.destination, silentSeconds: SSHArguments.stallSeconds, commandStarted: true))
                }
                return .failed(.connectionLost(host: arguments.destination, reason: loss.text))
            }
        }
        let unconfirmed = endReason != nil && !endConfirmed && exitStatus == nil
        return .finished(
            ExecResult(
                stdout: stdout, stderr: stderr, exitStatus: exitStatus, exitSignal: nil,
                timedOut: endReason == .timeout, endedForOutputFlood: endReason == .flood,
                endUnconfirmed: unconfirmed, duration: ContinuousClock.now - started))
    }

    /// Writes what the pipe takes now; nil once everything was written (stdin then closed).
    private func send(_ bytes: ArraySlice<UInt8>, to child: MuxSessionPipes) -> ArraySlice<UInt8>? {
        var rest = bytes
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { write(child.inputFD, $0.baseAddress, $0.count) }
            if written <= 0 {
                if written < 0 && (errno == EAGAIN || errno == EINTR) { return rest }
                break
            }
            rest = rest.dropFirst(written)
        }
        child.closeInput()
        return nil
    }

    private func drain(_ stream: ExecStream, of child: MuxSessionPipes, into buffer: inout [UInt8]) {
        let fd = stream == .stdout ? child.outputFD : child.errorFD
        guard fd >= 0 else { return }
        var taken = 0
        while taken < Self.drainSliceBytes {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                taken += count
                buffer.withUnsafeBytes { keep(UnsafeRawBufferPointer(rebasing: $0[..<count]), stream) }
                continue
            }
            if count == 0 || (errno != EAGAIN && errno != EINTR) { child.closeOutput(stream) }
            return
        }
    }

    private func keep(_ bytes: UnsafeRawBufferPointer, _ stream: ExecStream) {
        if stream == .stdout {
            stdout.keep(bytes, of: stream, for: request)
        } else {
            stderr.keep(bytes, of: stream, for: request)
        }
    }

    private func pendingEndReason() -> EndReason? {
        if cancelled.isSet { return .cancelled }
        if let deadline, ContinuousClock.now >= deadline { return .timeout }
        let limit = request.maxOutputBytes + request.discardLimitBytes
        if stdout.totalBytes > limit || stderr.totalBytes > limit { return .flood }
        return nil
    }

    /// Runs the process-group script as a second session; true when it reported success.
    private func endRemoteProcess(_ marker: String) -> Bool {
        let socket = arguments.directory.socket(for: arguments.target)
        return MuxSessionPipes.run(socket: socket, command: ReservedLine.cancelCommand(id: marker), limit: .seconds(10))
            == 0
    }
}

/// Set from the task's cancellation handler, read by the session's thread.
final class CancelFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}
