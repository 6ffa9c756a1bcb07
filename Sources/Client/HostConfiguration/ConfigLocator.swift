import Foundation

/// Finds `hosts.json`: `--config PATH` wins, then the working directory, then
/// `$SSH_AGENT_CONFIG`, then `~/.config/ssh-for-agents/hosts.json`.
public struct ConfigLocator: Sendable {
    public var explicitPath: String?
    public var environment: [String: String]
    public var currentDirectory: String
    public var homeDirectory: String

    public init(
        explicitPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        homeDirectory: String? = nil
    ) {
        self.explicitPath = explicitPath
        self.environment = environment
        self.currentDirectory = currentDirectory
        // `$HOME` of the given environment, as a shell's `~` would be (issue 19).
        self.homeDirectory = homeDirectory ?? UserHome.directory(environment: environment)
    }

    /// The candidates in the order they are tried.
    public var candidates: [String] {
        if let explicitPath { return [absolute(explicitPath)] }
        var paths = [(currentDirectory as NSString).appendingPathComponent("hosts.json")]
        if let fromEnvironment = environment["SSH_AGENT_CONFIG"], !fromEnvironment.isEmpty {
            paths.append(absolute(fromEnvironment))
        }
        paths.append((homeDirectory as NSString).appendingPathComponent(".config/ssh-for-agents/hosts.json"))
        return paths
    }

    /// The first candidate that exists. An explicit `--config` is returned even when missing, so
    /// the error names the file the user asked for.
    public func locate() throws(HostConfigError) -> String {
        let paths = candidates
        if explicitPath != nil {
            guard FileManager.default.fileExists(atPath: paths[0]) else { throw .notFound(searched: paths) }
            return paths[0]
        }
        guard let found = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw .notFound(searched: paths)
        }
        return found
    }

    private func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return homeDirectory + path.dropFirst(1) }
        return (currentDirectory as NSString).appendingPathComponent(path)
    }
}
