// Running one command: what the caller asks for and what comes back.

public struct ExecRequest: Sendable {
    /// Sent unchanged as the SSH "exec" request, after one harmless first line that lets the
    /// transport find and end the remote process on timeout (`ReservedLine.wireCommand` in AgentContracts).
    public var command: String
    /// When it passes, or when the calling task is cancelled, the remote process group is
    /// ended (TERM, then KILL) and the channel closed.
    public var timeout: Duration?
    /// Bytes kept per stream; later bytes are counted in `totalBytes` but not kept.
    public var maxOutputBytes: Int
    /// Of the kept bytes, how many per stream are held in memory (`CapturedOutput.bytes`); the
    /// rest reach only `onOutput`. A caller that streams output elsewhere (a spill file) sets
    /// this low so a large `maxOutputBytes` cannot fill the client's memory.
    public var memoryBytes: Int
    /// After a stream passes its cap the command keeps running (so its exit status and the
    /// byte count stay true) until this many more bytes were discarded on that stream; then
    /// it is ended like a timeout and `ExecResult.endedForOutputFlood` is set. Keeps a
    /// forever-flooding command (`yes`) without a timeout from running forever.
    public var discardLimitBytes: Int
    /// Live output as it arrives (only the kept part, at most `maxOutputBytes` per stream).
    /// Called on the connection's thread: return quickly.
    public var onOutput: (@Sendable (ExecStream, ArraySlice<UInt8>) -> Void)?
    /// The approval token (`ApprovalToken.text`) of a command a human approved, carried in the
    /// reserved first line to a server-side enforcer; nil for commands the policy allowed.
    public var approval: String?
    /// The command is itself a whole reserved line (a probe, an audit query) that a server-side
    /// enforcer answers: sent exactly as given, with no exec line in front, and so never looked
    /// for by a cancel (it ends on its own).
    public var isReservedLine: Bool

    public init(
        command: String, timeout: Duration? = nil, maxOutputBytes: Int = 1 << 20,
        discardLimitBytes: Int = 64 << 20, approval: String? = nil, isReservedLine: Bool = false, memoryBytes: Int? = nil,
        onOutput: (@Sendable (ExecStream, ArraySlice<UInt8>) -> Void)? = nil
    ) {
        self.command = command
        self.approval = approval
        self.isReservedLine = isReservedLine
        self.timeout = timeout
        self.maxOutputBytes = max(0, maxOutputBytes)
        self.memoryBytes = max(0, min(memoryBytes ?? maxOutputBytes, maxOutputBytes))
        self.discardLimitBytes = max(0, discardLimitBytes)
        self.onOutput = onOutput
    }
}

/// Which of a command's two output streams bytes came from. (Not `OutputStream`: Foundation has one.)
public enum ExecStream: Sendable { case stdout, stderr }

public struct CapturedOutput: Sendable {
    /// The first `maxOutputBytes` bytes of the stream (the first `memoryBytes` of them when the
    /// request held less in memory; `onOutput` saw them all).
    public var bytes: [UInt8]
    /// Every byte the stream delivered, kept or not.
    public var totalBytes: Int
    /// Some bytes were seen but not kept.
    public var truncated: Bool

    public init(bytes: [UInt8] = [], totalBytes: Int = 0, truncated: Bool = false) {
        self.bytes = bytes
        self.totalBytes = totalBytes
        self.truncated = truncated
    }
}

public struct ExecResult: Sendable {
    public var stdout: CapturedOutput
    public var stderr: CapturedOutput
    /// The remote exit status; nil when the process died of a signal (see `exitSignal`) or
    /// when the channel closed without reporting one (e.g. after a timeout).
    public var exitStatus: Int32?
    /// Signal name without "SIG" ("TERM", "KILL") when the process died of a signal.
    public var exitSignal: String?
    public var timedOut: Bool
    /// The command was ended because a stream passed `maxOutputBytes + discardLimitBytes`.
    public var endedForOutputFlood: Bool
    /// The command was to be ended (timeout, flood) but neither the helper that ends its process
    /// group nor the server confirmed that it did: it may still be running.
    public var endUnconfirmed: Bool
    public var duration: Duration

    public init(
        stdout: CapturedOutput, stderr: CapturedOutput, exitStatus: Int32?,
        exitSignal: String?, timedOut: Bool, endedForOutputFlood: Bool = false,
        endUnconfirmed: Bool = false, duration: Duration
    ) {
        self.endUnconfirmed = endUnconfirmed
        self.stdout = stdout
        self.stderr = stderr
        self.exitStatus = exitStatus
        self.exitSignal = exitSignal
        self.timedOut = timedOut
        self.endedForOutputFlood = endedForOutputFlood
        self.duration = duration
    }
}
