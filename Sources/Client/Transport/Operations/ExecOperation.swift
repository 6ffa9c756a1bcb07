// One command on its own channel: open (waiting for a slot if the server is at MaxSessions),
// exec (a long command's text follows on stdin), drain stdout and stderr until EOF, close, wait
// for the server's close, then read the exit status and signal (libssh2 only has them after the
// close). On timeout, cancellation or an endless flood the remote process group is ended first
// (by its exec id, see ReservedLine+Cancel). The timeout is a wall-clock deadline: draining is done in bounded
// slices, so a flood cannot keep the deadline from being noticed.
import AgentContracts
import Foundation

final class ExecOperation: LoopOperation, @unchecked Sendable {
    enum EndReason { case timeout, cancelled, flood }

    /// The longest command sent at all: the remote shell (`$(head -c N)`) and an enforcer hold the
    /// text whole, and judge it as one piece.
    static let maxCommandBytes = ReservedLine.maxCommandBytes
    /// Bytes read per stream and call of `advance`, so deadlines and other channels get a turn.
    private static let drainSliceBytes = 1 << 20

    private enum Phase {
        case waitingForChannel(SlotWait?)
        /// The call gave up (deadline, cancellation) while libssh2 was opening its channel. libssh2
        /// keeps one channel open in progress per session and cannot drop it half-way, so the open
        /// is finished and the channel closed unused; the result was already delivered.
        case discardingOpen
        case starting(LibSSH2Channel)
        /// A long command: its text goes to the channel's stdin, then EOF.
        case sendingCommand(LibSSH2Channel, offset: Int)
        case running(LibSSH2Channel)
        /// Killing the remote process; still draining until EOF or the grace time is over.
        case ending(LibSSH2Channel, graceUntil: ContinuousClock.Instant)
        case closing(LibSSH2Channel, giveUpAt: ContinuousClock.Instant, closeSent: Bool)
        case done
    }

    private let request: ExecRequest
    private let marker: String?
    private let wireCommand: String
    /// The command's text for stdin when it is too long for the exec request.
    private let stdinCommand: [UInt8]?
    private let started = ContinuousClock.now
    private let deadline: ContinuousClock.Instant?
    private let completion: (Result<ExecResult, any Error>) -> Void
    private let cancelFlag = CancelFlag()

    private var phase: Phase = .waitingForChannel(nil)
    private var delivered = false
    private var stdout = CapturedOutput()
    private var stderr = CapturedOutput()
    private var endReason: EndReason?
    /// The helper that ends the process group reported success.
    private var endConfirmed = false
    private var requestSent = false
    private var stdoutEnded = false
    private var stderrEnded = false

    /// `tracksRemoteProcess: false` for the kill helper itself (it must not recurse). `deadline`
    /// is the call's, fixed once by the pool so a retry on a fresh connection does not extend it.
    init(
        request: ExecRequest, deadline: ContinuousClock.Instant?, tracksRemoteProcess: Bool = true,
        completion: @escaping (Result<ExecResult, any Error>) -> Void
    ) {
        self.request = request
        self.completion = completion
        self.deadline = deadline
        let marker = tracksRemoteProcess && !request.isReservedLine ? ReservedLine.newExecID() : nil
        self.marker = marker
        (wireCommand, stdinCommand) = ReservedLine.wireCommand(request.command, execID: marker, approval: request.approval)
    }

    func cancel() { cancelFlag.set() }

    var wakeAt: ContinuousClock.Instant? {
        switch phase {
        case .waitingForChannel(let wait): return [wait?.retryAt, deadline].compactMap { $0 }.min()
        case .running, .sendingCommand: return deadline
        case .ending(_, let grace): return grace
        case .closing(_, let giveUp, _): return giveUp
        case .starting: return requestSent ? nil : deadline
        case .discardingOpen, .done: return nil
        }
    }

    func abandon(_ error: SSHError, mayRetry: Bool) {
        guard !isDone else { return }
        phase = .done
        if cancelFlag.isSet { return deliver(.failure(CancellationError())) }
        var error = error
        if case .connectionStalled(let host, let silent, _) = error {
            error = .connectionStalled(host: host, silentSeconds: silent, commandStarted: requestSent)
        }
        deliver(.failure(mayRetry && !requestSent ? RetryableFailure(error: error) : error))
    }

    private var isDone: Bool { if case .done = phase { true } else { false } }

    private func deliver(_ result: Result<ExecResult, any Error>) {
        guard !delivered else { return }
        delivered = true
        completion(result)
    }

    func advance(_ loop: EventLoop) -> Progress {
        switch phase {
        case .waitingForChannel(let wait):
            return openChannel(loop, wait)

        case .discardingOpen:
            switch loop.openChannel(for: self) {
            case .opened(let channel):
                loop.release(channel: channel)
                phase = .done
                return .finished
            case .wait:
                return .waiting
            case .noSlot, .failed:
                phase = .done
                return .finished
            }

        case .starting(let channel):
            if !requestSent {
                if cancelFlag.isSet || deadlinePassed {
                    loop.release(channel: channel)
                    phase = .done
                    deliver(.failure(notStartedFailure(loop, reason: "other commands on this connection were still starting")))
                    return .finished
                }
                // One exec request waits for its reply at a time (see EventLoop's request gate).
                guard loop.beginChannelRequest(for: self) else { return .waiting }
                requestSent = true
            }
            switch loop.check(channel.startExec(wireCommand)) {
            case .wouldBlock: return .waiting
            case .done:
                loop.endChannelRequest(for: self)
                phase = stdinCommand == nil ? .running(channel) : .sendingCommand(channel, offset: 0)
                return .progressed
            case .failed(_, let message):
                loop.endChannelRequest(for: self)
                if loop.isBroken { return .waiting }
                loop.release(channel: channel)
                phase = .done
                deliver(.failure(SSHError.channelFailed(host: loop.host, reason: "exec request refused: \(message)")))
                return .finished
            }

        case .sendingCommand(let channel, let offset):
            return sendCommand(channel, from: offset, loop)

        case .running(let channel):
            let progressed = drain(channel, loop)
            if loop.isBroken { return .waiting }
            if stdoutEnded && stderrEnded {
                phase = .closing(channel, giveUpAt: .now + .seconds(5), closeSent: false)
                return .progressed
            }
            if let reason = pendingEndReason() {
                beginEnding(channel, reason: reason, loop)
                return .progressed
            }
            return progressed ? .progressed : .waiting

        case .ending(let channel, let graceUntil):
            let progressed = drain(channel, loop)
            if loop.isBroken { return .waiting }
            let now = ContinuousClock.now
            if (stdoutEnded && stderrEnded) || now >= graceUntil {
                phase = .closing(channel, giveUpAt: now + .seconds(2), closeSent: false)
                return .progressed
            }
            return progressed ? .progressed : .waiting

        case .closing(let channel, let giveUpAt, let closeSent):
            if !closeSent {
                switch loop.check(channel.sendClose()) {
                case .wouldBlock: return ContinuousClock.now >= giveUpAt ? complete(channel, loop) : .waiting
                case .done, .failed:
                    if loop.isBroken { return .waiting }
                    phase = .closing(channel, giveUpAt: giveUpAt, closeSent: true)
                }
            }
            switch loop.check(channel.waitClosed()) {
            case .wouldBlock where ContinuousClock.now < giveUpAt:
                return .waiting
            default:
                if loop.isBroken { return .waiting }
                return complete(channel, loop)
            }

        case .done:
            return .finished
        }
    }

    // MARK: - Phases

    private func openChannel(_ loop: EventLoop, _ wait: SlotWait?) -> Progress {
        if cancelFlag.isSet || deadlinePassed {
            deliver(.failure(notStartedFailure(loop, reason: waitReason(loop, wait))))
            if loop.isOpening(for: self) {
                phase = .discardingOpen
                return .progressed
            }
            phase = .done
            return .finished
        }
        if stdinCommand.map({ $0.count > Self.maxCommandBytes }) == true {
            phase = .done
            deliver(.failure(SSHError.commandTooLong(bytes: stdinCommand?.count ?? 0, limit: Self.maxCommandBytes)))
            return .finished
        }
        if let wait, !wait.shouldRetry(loop) { return .waiting }
        switch loop.openChannel(for: self) {
        case .opened(let channel):
            phase = .starting(channel)
            return .progressed
        case .wait:
            return .waiting
        case .noSlot:
            guard let next = SlotWait.after(wait, on: loop) else {
                phase = .done
                deliver(
                    .failure(
                        SSHError.channelFailed(
                            host: loop.host,
                            reason: "the server refuses new sessions (MaxSessions) although none of ours is open")))
                return .finished
            }
            phase = .waitingForChannel(next)
            return .waiting
        case .failed(let error):
            phase = .done
            deliver(.failure(error))
            return .finished
        }
    }

    /// The answer for a call that gave up before its exec request was sent.
    private func notStartedFailure(_ loop: EventLoop, reason: String) -> any Error {
        if cancelFlag.isSet { return CancellationError() }
        return SSHError.notRunTimedOut(host: loop.host, seconds: request.timeout?.secondsDouble ?? 0, reason: reason)
    }

    /// Why a command whose timeout passed never started.
    private func waitReason(_ loop: EventLoop, _ wait: SlotWait?) -> String {
        if wait != nil {
            return "every session the server allows on this connection (sshd MaxSessions) stayed in use"
        }
        if loop.isOpening(for: self) { return "the server did not answer the request for a session channel" }
        return "other requests on this connection were still waiting for the server"
    }

    private var deadlinePassed: Bool {
        deadline.map { ContinuousClock.now >= $0 } ?? false
    }

    /// Writes the command's text to stdin (draining output meanwhile), then sends EOF.
    private func sendCommand(_ channel: LibSSH2Channel, from offset: Int, _ loop: EventLoop) -> Progress {
        guard let text = stdinCommand else {
            phase = .running(channel)
            return .progressed
        }
        var offset = offset
        var progressed = drain(channel, loop)
        if loop.isBroken { return .waiting }
        if let reason = pendingEndReason() {
            beginEnding(channel, reason: reason, loop)
            return .progressed
        }
        while offset < text.count {
            let written = text.withUnsafeBytes { all in
                channel.write(UnsafeRawBufferPointer(rebasing: all[offset...]))
            }
            if written > 0 {
                offset += written
                progressed = true
                continue
            }
            switch loop.check(Int32(clamping: written)) {
            case .wouldBlock, .done:
                phase = .sendingCommand(channel, offset: offset)
                return progressed ? .progressed : .waiting
            case .failed:
                if loop.isBroken { return .waiting }
                // The shell is waiting for the rest; end it like a timeout would.
                beginEnding(channel, reason: .cancelled, loop)
                return .progressed
            }
        }
        switch loop.check(channel.sendEOF()) {
        case .wouldBlock:
            phase = .sendingCommand(channel, offset: offset)
            return progressed ? .progressed : .waiting
        case .done, .failed:
            if loop.isBroken { return .waiting }
            phase = .running(channel)
            return .progressed
        }
    }

    private func pendingEndReason() -> EndReason? {
        if cancelFlag.isSet { return .cancelled }
        if deadlinePassed { return .timeout }
        let limit = request.maxOutputBytes + request.discardLimitBytes
        if stdout.totalBytes > limit || stderr.totalBytes > limit { return .flood }
        return nil
    }

    private func beginEnding(_ channel: LibSSH2Channel, reason: EndReason, _ loop: EventLoop) {
        endReason = reason
        guard let marker else {
            phase = .closing(channel, giveUpAt: .now + .seconds(2), closeSent: false)
            return
        }
        let helper = ExecOperation(
            request: ExecRequest(
                command: ReservedLine.cancelCommand(id: marker), timeout: .seconds(10),
                maxOutputBytes: 4096),
            deadline: .now + .seconds(10), tracksRemoteProcess: false
        ) { [weak self] outcome in
            // Runs on this loop's thread, like `advance`.
            if case .success(let result) = outcome, result.exitStatus == 0 { self?.endConfirmed = true }
        }
        loop.add(helper)
        // TERM, up to 3 s for it to work, KILL: the helper needs about 3.5 s at worst.
        phase = .ending(channel, graceUntil: .now + .seconds(6))
    }

    /// Reads what both streams have, up to a slice each; returns whether any byte arrived.
    private func drain(_ channel: LibSSH2Channel, _ loop: EventLoop) -> Bool {
        var progressed = false
        for stream in [ExecStream.stdout, .stderr] {
            if stream == .stdout ? stdoutEnded : stderrEnded { continue }
            var taken = 0
            while taken < Self.drainSliceBytes {
                let count = channel.read(stream, into: loop.readBuffer)
                if count > 0 {
                    progressed = true
                    taken += count
                    keep(UnsafeRawBufferPointer(rebasing: loop.readBuffer[..<count]), stream)
                    continue
                }
                if count == 0 {
                    // libssh2 returns 0 only once the server sent EOF or close.
                    if stream == .stdout { stdoutEnded = true } else { stderrEnded = true }
                } else if case .failed = loop.check(Int32(clamping: count)) {
                    stdoutEnded = true
                    stderrEnded = true
                }
                break
            }
        }
        return progressed
    }

    private func keep(_ bytes: UnsafeRawBufferPointer, _ stream: ExecStream) {
        // In place: copying the captured struct out and back would copy its whole buffer per chunk.
        if stream == .stdout {
            stdout.keep(bytes, of: stream, for: request)
        } else {
            stderr.keep(bytes, of: stream, for: request)
        }
    }

    private func complete(_ channel: LibSSH2Channel, _ loop: EventLoop) -> Progress {
        let signalName = channel.exitSignal(on: loop.session)
        // Status 0 may also mean "never reported" when we closed before the command ended.
        let reported = signalName != nil || (stdoutEnded && stderrEnded)
        let status: Int32? = signalName == nil && reported ? channel.exitStatus : nil
        loop.release(channel: channel)
        phase = .done
        if endReason == .cancelled {
            deliver(.failure(CancellationError()))
        } else {
            let unconfirmed = endReason != nil && !endConfirmed && signalName == nil && !(stdoutEnded && stderrEnded)
            deliver(.success(result(exitStatus: status, exitSignal: signalName, endUnconfirmed: unconfirmed)))
        }
        return .finished
    }

    private func result(exitStatus: Int32?, exitSignal: String?, endUnconfirmed: Bool) -> ExecResult {
        ExecResult(
            stdout: stdout, stderr: stderr, exitStatus: exitStatus, exitSignal: exitSignal,
            timedOut: endReason == .timeout, endedForOutputFlood: endReason == .flood,
            endUnconfirmed: endUnconfirmed, duration: ContinuousClock.now - started)
    }
}
