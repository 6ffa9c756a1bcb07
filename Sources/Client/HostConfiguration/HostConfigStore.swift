import Foundation
import Synchronization

/// The live host configuration. Each `current()` call looks at the file's identity (inode, size,
/// modification time): a changed file is re-read; a broken one is ignored with a warning and the last
/// good configuration stays in force, so a half-written `hosts.json` never takes hosts away.
public final class HostConfigStore: Sendable {
    /// What a caller learns on each look: the configuration to use and the hosts whose entries
    /// changed or disappeared since the previous look (their pooled connections should be closed).
    public struct Snapshot: Sendable {
        public let config: HostsConfig
        public let retired: [HostEntry]
        /// Set while the file on disk is broken and the last good configuration is being used.
        public let problem: HostConfigError?
    }

    private struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedNanoseconds: Int64
    }

    private struct State {
        var identity: FileIdentity?
        var good: HostsConfig?
        var problem: HostConfigError?
    }

    public let path: String
    private let homeDirectory: String
    private let warningHandler: @Sendable (String) -> Void
    private let state = Mutex(State())

    public init(
        path: String, homeDirectory: String = UserHome.directory(),
        warningHandler: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.path = path
        self.homeDirectory = homeDirectory
        self.warningHandler = warningHandler
    }

    /// The configuration in force. Throws only when no good configuration has ever been read.
    public func current() throws(HostConfigError) -> Snapshot {
        let identity = Self.identity(of: path)
        let result: Result<Snapshot, HostConfigError> = state.withLock { state in
            if let good = state.good, identity == state.identity {
                return .success(Snapshot(config: good, retired: [], problem: state.problem))
            }
            state.identity = identity
            do {
                let fresh = try load()
                let retired = state.good.map { Self.retired(from: $0, to: fresh) } ?? []
                state.good = fresh
                state.problem = nil
                return .success(Snapshot(config: fresh, retired: retired, problem: nil))
            } catch let error as HostConfigError {
                state.problem = error
                guard let good = state.good else { return .failure(error) }
                warningHandler("ignoring the changed \(path): \(error); still using the last good configuration")
                return .success(Snapshot(config: good, retired: [], problem: error))
            } catch {
                return .failure(.unreadable(path: path, reason: "\(error)"))
            }
        }
        return try result.get()
    }

    private func load() throws(HostConfigError) -> HostsConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try HostsConfigParser(path: path, homeDirectory: homeDirectory).parse(data)
    }

    private static func retired(from old: HostsConfig, to new: HostsConfig) -> [HostEntry] {
        old.hosts.values
            .filter { new.hosts[$0.alias] != $0 }
            .sorted { $0.alias < $1.alias }
    }

    private static func identity(of path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}
