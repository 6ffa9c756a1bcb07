// One command on its own channel: open (waiting for a slot if the server is at MaxSessions),
// exec, drain stdout and stderr until EOF, close, wait for the server's close, then read the
// exit status and signal (libssh2 only has them after the close). On timeout, cancellation or
// an endless flood the remote process group is ended first (see RemoteProcessMarker).
import Foundation

final class ExecOperation: LoopOperation, @unchecked Sendable {
    enum EndReason { case timeout, cancelled, flood }

    private enum Phase {
        case waitingForChannel(SlotWait?)
        case starting(LibSSH2Channel)
        case running(LibSSH2Channel)
        /// Killing the remote process; still draining until EOF or the grace time is over.
        case ending(LibSSH2Channel, graceUntil: ContinuousClock.Instant)
        case closing(LibSSH2Channel, giveUpAt: ContinuousClock.Instant, closeSent: Bool)
        case done
    }

    private let request: ExecRequest
    private let marker: String?
    private let wireCommand: String
    private let started = ContinuousClock.now
    private let deadline: ContinuousClock.Instant?
    private let completion: (Result<ExecResult, any Error>) -> Void
    private let cancelFlag = CancelFlag()

    private var phase: Phase = .waitingForChannel(nil)
    private var stdout = CapturedOutput()
    private var stderr = CapturedOutput()
    private var endReason: EndReason?
    private var requestSent = false
    private var stdoutEnded = false
    private var stderrEnded = false

    /// `tracksRemoteProcess: false` for the kill helper itself (it must not recurse).
    init(request: ExecRequest, tracksRemoteProcess: Bool = true,
         completion: @escaping (Result<ExecResult, any Error>) -> Void) {
        self.request = request
        self.completion = completion
        marker = tracksRemoteProcess && !request.isReservedLine ? RemoteProcessMarker.newID() : nil
        wireCommand = (marker.map { RemoteProcessMarker.firstLine(id: $0, approval: request.approval) } ?? "") + request.command
        deadline = request.timeout.map { ContinuousClock.now + $0 }
    }

    func cancel() { cancelFlag.set() }

    var wakeAt: ContinuousClock.Instant? {
        switch phase {
        case .waitingForChannel(let wait): return [wait?.retryAt, deadline].compactMap { $0 }.min()
        case .running: return deadline
        case .ending(_, let grace): return grace
        case .closing(_, let giveUp, _): return giveUp
        case .starting, .done: return nil
        }
    }

    func abandon(_ error: SSHError, mayRetry: Bool) {
        guard !isDone else { return }
        phase = .done
        if cancelFlag.isSet { return completion(.failure(CancellationError())) }
        completion(.failure(mayRetry && !requestSent ? RetryableFailure(error: error) : error))
    }

    private var isDone: Bool { if case .done = phase { true } else { false } }

    func advance(_ loop: EventLoop) -> Progress {
        switch phase {
        case .waitingForChannel(let wait):
            if cancelFlag.isSet {
                phase = .done
                completion(.failure(CancellationError()))
                return .finished
            }
            if let deadline, ContinuousClock.now >= deadline {
                phase = .done
                completion(.success(result(exitStatus: nil, exitSignal: nil)))
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
                    completion(.failure(SSHError.channelFailed(host: loop.host,
                        reason: "the server refuses new sessions (MaxSessions) although none of ours is open")))
                    return .finished
                }
                phase = .waitingForChannel(next)
                return .waiting
            case .failed(let error):
                phase = .done
                completion(.failure(error))
                return .finished
            }

        case .starting(let channel):
            requestSent = true
            switch loop.check(channel.startExec(wireCommand)) {
            case .wouldBlock: return .waiting
            case .done:
                phase = .running(channel)
                return .progressed
            case .failed(_, let message):
                if loop.isBroken { return .waiting }
                loop.release(channel: channel)
                phase = .done
                completion(.failure(SSHError.channelFailed(host: loop.host, reason: "exec request refused: \(message)")))
                return .finished
            }

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

    private func pendingEndReason() -> EndReason? {
        if cancelFlag.isSet { return .cancelled }
        if let deadline, ContinuousClock.now >= deadline { return .timeout }
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
            request: ExecRequest(command: RemoteProcessMarker.cancelCommand(id: marker), timeout: .seconds(10),
                                 maxOutputBytes: 4096),
            tracksRemoteProcess: false) { _ in }
        loop.add(helper)
        // TERM, up to 3 s for it to work, KILL: the helper needs about 3.5 s at worst.
        phase = .ending(channel, graceUntil: .now + .seconds(6))
    }

    /// Reads whatever both streams have; returns whether any byte arrived.
    private func drain(_ channel: LibSSH2Channel, _ loop: EventLoop) -> Bool {
        var progressed = false
        for stream in [ExecStream.stdout, .stderr] {
            if stream == .stdout ? stdoutEnded : stderrEnded { continue }
            while true {
                let count = channel.read(stream, into: loop.readBuffer)
                if count > 0 {
                    progressed = true
                    keep(UnsafeRawBufferPointer(rebasing: loop.readBuffer[..<count]), stream)
                    continue
                }
                if count == 0 {
                    // libssh2 returns 0 only once the server sent EOF or close.
                    if stream == .stdout { stdoutEnded = true } else { stderrEnded = true }
                } else if case .failed = loop.check(Int32(count)) {
                    stdoutEnded = true
                    stderrEnded = true
                }
                break
            }
        }
        return progressed
    }

    private func keep(_ bytes: UnsafeRawBufferPointer, _ stream: ExecStream) {
        var captured = stream == .stdout ? stdout : stderr
        captured.totalBytes += bytes.count
        let room = max(0, request.maxOutputBytes - captured.bytes.count)
        if room > 0 {
            let kept = Array(bytes.prefix(room))
            captured.bytes += kept
            request.onOutput?(stream, kept[...])
        }
        captured.truncated = captured.totalBytes > captured.bytes.count
        if stream == .stdout { stdout = captured } else { stderr = captured }
    }

    private func complete(_ channel: LibSSH2Channel, _ loop: EventLoop) -> Progress {
        let signalName = channel.exitSignal(on: loop.session)
        // Status 0 may also mean "never reported" when we closed before the command ended.
        let reported = signalName != nil || (stdoutEnded && stderrEnded)
        let status: Int32? = signalName == nil && reported ? channel.exitStatus : nil
        loop.release(channel: channel)
        phase = .done
        if endReason == .cancelled {
            completion(.failure(CancellationError()))
        } else {
            completion(.success(result(exitStatus: status, exitSignal: signalName)))
        }
        return .finished
    }

    private func result(exitStatus: Int32?, exitSignal: String?) -> ExecResult {
        ExecResult(stdout: stdout, stderr: stderr, exitStatus: exitStatus, exitSignal: exitSignal,
                   timedOut: endReason == .timeout || (endReason == nil && requestSent == false && deadline != nil),
                   endedForOutputFlood: endReason == .flood, duration: ContinuousClock.now - started)
    }
}
