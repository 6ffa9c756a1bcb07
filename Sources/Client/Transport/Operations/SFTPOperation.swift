// One SFTP job on its own sftp subsystem channel: init, stat (so directories, missing files
// and wrong types get clear errors), open, read or readdir up to a cap, close, shut down.
// A fresh subsystem per job because libssh2 keeps per-SFTP-handle request state that
// concurrent jobs would trample; it costs one channel open plus version exchange.
// Every job has a deadline: past it the caller gets `operationTimedOut` at once, and the job
// winds down (close, shutdown) in the background — or with its connection, if that stalled.
import Foundation

/// When an SFTP job must be answered, and the limit it came from (for the message).
struct SFTPDeadline {
    var at: ContinuousClock.Instant
    var limit: Duration

    init(start: ContinuousClock.Instant, limit: Duration) {
        at = start + limit
        self.limit = limit
    }
}

final class SFTPOperation: LoopOperation, @unchecked Sendable {
    enum Job {
        case read(path: String, maxBytes: Int)
        case list(path: String, maxEntries: Int)
    }
    enum Output {
        case file(RemoteFile)
        case listing(RemoteDirectoryListing)
    }

    private enum Phase {
        case opening(SlotWait?)
        /// Given up while libssh2 was starting the subsystem, which cannot be dropped half-way
        /// (one channel open per session): finish starting it, then shut it down unused.
        case discardingOpen
        case stat(LibSSH2SFTP)
        case open(LibSSH2SFTP)
        case transfer(LibSSH2SFTP, handle: LibSSH2SFTPHandle)
        case closeHandle(LibSSH2SFTP, handle: LibSSH2SFTPHandle)
        case shutdown(LibSSH2SFTP)
        case done
    }

    private let job: Job
    private let deadline: SFTPDeadline
    private var delivered = false
    private let completion: (Result<Output, any Error>) -> Void
    private let cancelFlag = CancelFlag()
    private var phase: Phase = .opening(nil)
    private var outcome: Result<Output, any Error>?

    private var statSize: UInt64 = 0
    private var content: [UInt8] = []
    private var entries: [RemoteDirectoryEntry] = []
    private var listTruncated = false
    private let nameBuffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: 1024)

    init(job: Job, deadline: SFTPDeadline, completion: @escaping (Result<Output, any Error>) -> Void) {
        self.job = job
        self.deadline = deadline
        self.completion = completion
    }

    deinit { nameBuffer.deallocate() }

    private var path: String {
        switch job {
        case .read(let path, _), .list(let path, _): path
        }
    }

    func cancel() { cancelFlag.set() }

    var wakeAt: ContinuousClock.Instant? {
        if delivered { return nil }
        if case .opening(let wait?) = phase { return min(wait.retryAt, deadline.at) }
        return deadline.at
    }

    func abandon(_ error: SSHError, mayRetry: Bool) {
        if case .done = phase { return }
        phase = .done
        // Reads and listings change nothing remotely: always safe to retry.
        send(.failure(mayRetry ? RetryableFailure(error: error) : error))
    }

    private var operationName: String {
        switch job {
        case .read(let path, _): "reading \(path)"
        case .list(let path, _): "listing \(path)"
        }
    }

    func advance(_ loop: EventLoop) -> Progress {
        if outcome == nil {
            if cancelFlag.isSet {
                outcome = .failure(CancellationError())
            } else if ContinuousClock.now >= deadline.at {
                outcome = .failure(
                    SSHError.operationTimedOut(
                        host: loop.host, operation: operationName,
                        seconds: deadline.limit.secondsDouble))
            }
            // A caller who gave up is answered now; the job winds down on its own.
            if let outcome { send(outcome) }
        }
        switch phase {
        case .discardingOpen:
            switch loop.openSFTP(for: self) {
            case .opened(let sftp):
                phase = .shutdown(sftp)
                return .progressed
            case .wait:
                return .waiting
            case .noSlot, .failed:
                return deliver()
            }

        case .opening(let wait):
            if outcome != nil {
                if loop.isOpening(for: self) {
                    phase = .discardingOpen
                    return .progressed
                }
                return deliver()
            }
            if let wait, !wait.shouldRetry(loop) { return .waiting }
            switch loop.openSFTP(for: self) {
            case .opened(let sftp):
                phase = .stat(sftp)
                return .progressed
            case .wait:
                return .waiting
            case .noSlot:
                guard let next = SlotWait.after(wait, on: loop) else {
                    outcome = .failure(SSHError.sftpFailed(path: path, reason: "the server refuses new sessions"))
                    return deliver()
                }
                phase = .opening(next)
                return .waiting
            case .failed(let error):
                if case .sftpFailed(_, let reason) = error {
                    outcome = .failure(SSHError.sftpFailed(path: path, reason: reason))
                } else {
                    outcome = .failure(error)
                }
                return deliver()
            }

        case .stat(let sftp):
            if outcome != nil {
                phase = .shutdown(sftp)
                return .progressed
            }
            let (rc, attributes) = sftp.stat(path)
            switch loop.check(rc) {
            case .wouldBlock: return .waiting
            case .failed:
                if loop.isBroken { return .waiting }
                outcome = .failure(sftpError(sftp))
                phase = .shutdown(sftp)
            case .done:
                let type = attributes?.type
                switch job {
                case .read where type == .directory:
                    outcome = .failure(SSHError.remoteIsDirectory(path: path))
                    phase = .shutdown(sftp)
                case .read where type != .file:
                    // A FIFO would block the read (and the server's sftp-server) forever, a device
                    // may never end: only regular files are read.
                    outcome = .failure(SSHError.remoteNotRegularFile(path: path, kind: attributes?.kindName ?? "special file"))
                    phase = .shutdown(sftp)
                case .list where type != .directory:
                    outcome = .failure(SSHError.remoteNotDirectory(path: path))
                    phase = .shutdown(sftp)
                default:
                    statSize = attributes?.size ?? 0
                    phase = .open(sftp)
                }
            }
            return .progressed

        case .open(let sftp):
            if outcome != nil {
                phase = .shutdown(sftp)
                return .progressed
            }
            let isList = if case .list = job { true } else { false }
            if let handle = sftp.open(path, directory: isList) {
                phase = .transfer(sftp, handle: handle)
                return .progressed
            }
            switch loop.session.outcomeOfNil() {
            case .wouldBlock, .done: return .waiting
            case .failed(let code, let message):
                if isConnectionFatal(code) {
                    loop.markBroken(message)
                    return .waiting
                }
                outcome = .failure(sftpError(sftp))
                phase = .shutdown(sftp)
                return .progressed
            }

        case .transfer(let sftp, let handle):
            if outcome != nil {
                phase = .closeHandle(sftp, handle: handle)
                return .progressed
            }
            let progress: Progress =
                switch job {
                case .read(_, let maxBytes): readStep(sftp, handle, maxBytes, loop)
                case .list(_, let maxEntries): listStep(sftp, handle, maxEntries, loop)
                }
            return progress

        case .closeHandle(let sftp, let handle):
            switch loop.check(handle.close()) {
            case .wouldBlock: return .waiting
            case .done, .failed:
                if loop.isBroken { return .waiting }
                phase = .shutdown(sftp)
                return .progressed
            }

        case .shutdown(let sftp):
            switch loop.check(sftp.shutdown()) {
            case .wouldBlock: return .waiting
            case .done, .failed:
                if loop.isBroken { return .waiting }
                loop.channelClosed()
                return deliver()
            }

        case .done:
            return .finished
        }
    }

    private func deliver() -> Progress {
        phase = .done
        send(outcome ?? .failure(SSHError.sftpFailed(path: path, reason: "internal: no result")))
        return .finished
    }

    /// Answers the caller exactly once.
    private func send(_ result: Result<Output, any Error>) {
        guard !delivered else { return }
        delivered = true
        completion(result)
    }

    /// Reads up to `maxBytes + 1` so truncation is known even when the size lies (/proc).
    private func readStep(_ sftp: LibSSH2SFTP, _ handle: LibSSH2SFTPHandle, _ maxBytes: Int, _ loop: EventLoop) -> Progress {
        let want = min(maxBytes + 1 - content.count, loop.readBuffer.count)
        let count = want <= 0 ? 0 : handle.read(into: UnsafeMutableRawBufferPointer(rebasing: loop.readBuffer[..<want]))
        if count > 0 {
            content += UnsafeRawBufferPointer(rebasing: loop.readBuffer[..<count])
            return .progressed
        }
        if count < 0, let progress = handleReadError(Int32(count), sftp, handle, loop) { return progress }
        let truncated = content.count > maxBytes || statSize > UInt64(maxBytes)
        let size = max(statSize, UInt64(content.count))
        outcome = .success(.file(RemoteFile(content: Array(content.prefix(maxBytes)), size: size, truncated: truncated)))
        phase = .closeHandle(sftp, handle: handle)
        return .progressed
    }

    /// Keeps every entry (up to a hard bound) so the capped result is the first by name.
    private func listStep(_ sftp: LibSSH2SFTP, _ handle: LibSSH2SFTPHandle, _ maxEntries: Int, _ loop: EventLoop) -> Progress {
        let (count, attributes) = handle.readDirectoryEntry(into: nameBuffer)
        if count > 0 {
            let name = String(decoding: UnsafeRawBufferPointer(start: nameBuffer.baseAddress, count: Int(count)), as: UTF8.self)
            if name != "." && name != ".." {
                if entries.count < max(maxEntries, 0) + 100_000 {
                    entries.append(entry(name, attributes))
                } else {
                    listTruncated = true
                }
            }
            return .progressed
        }
        if count < 0, let progress = handleReadError(Int32(count), sftp, handle, loop) { return progress }
        entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let truncated = listTruncated || entries.count > maxEntries
        outcome = .success(
            .listing(
                RemoteDirectoryListing(
                    entries: Array(entries.prefix(max(maxEntries, 0))),
                    truncated: truncated)))
        phase = .closeHandle(sftp, handle: handle)
        return .progressed
    }

    private func entry(_ name: String, _ attributes: SFTPFileAttributes) -> RemoteDirectoryEntry {
        RemoteDirectoryEntry(
            name: name, type: attributes.type, size: attributes.size, mode: attributes.permissions,
            modified: Date(timeIntervalSince1970: TimeInterval(attributes.modified)))
    }

    /// A negative return from a read or readdir: wait, or record the failure and close the handle.
    /// nil when libssh2 says the call completed after all.
    private func handleReadError(_ rc: Int32, _ sftp: LibSSH2SFTP, _ handle: LibSSH2SFTPHandle, _ loop: EventLoop) -> Progress? {
        switch loop.check(rc) {
        case .wouldBlock: return .waiting
        case .done: return nil
        case .failed:
            if loop.isBroken { return .waiting }
            outcome = .failure(sftpError(sftp))
            phase = .closeHandle(sftp, handle: handle)
            return .progressed
        }
    }

    private func sftpError(_ sftp: LibSSH2SFTP) -> SSHError {
        switch sftp.lastStatus {
        case .noSuchFile: .remoteFileNotFound(path: path)
        case .permissionDenied: .remotePermissionDenied(path: path)
        case .notADirectory: .remoteNotDirectory(path: path)
        case .other(let code): .sftpFailed(path: path, reason: "server status \(code)")
        }
    }
}
