import AgentContracts
import ArgumentParser
import CLISupport
import Foundation
import HostConfiguration

/// Which hosts.json a verb works on.
enum ConfigFile {
    /// An existing file, found as every tool finds it (`--config`, ./hosts.json,
    /// `$SSH_AGENT_CONFIG`, `~/.config/ssh-for-agents/hosts.json`).
    static func existing(_ option: HostsFileOption) throws -> String {
        do {
            return try ConfigLocator(explicitPath: option.config).locate()
        } catch {
            throw ConfigTool.fail(error.description)
        }
    }

    /// The file a change goes to: the one found as above, else the file `--config` or
    /// `$SSH_AGENT_CONFIG` names, else `~/.config/ssh-for-agents/hosts.json` (its directory is
    /// created, private to the user).
    static func forChange(_ option: HostsFileOption) throws -> String {
        let locator = ConfigLocator(explicitPath: option.config)
        if let found = try? locator.locate() { return found }
        let path: String
        if option.config != nil {
            path = locator.candidates[0]
        } else if let fromEnvironment = locator.environment["SSH_AGENT_CONFIG"], !fromEnvironment.isEmpty {
            path = locator.candidates[1]
        } else {
            path = locator.candidates[locator.candidates.count - 1]
        }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigTool.fail("cannot create \(directory): \((error as NSError).localizedDescription)")
        }
        return path
    }

    /// Runs an edit, turning every refusal into an error line and status 2.
    static func edit<Result: Sendable>(_ path: String, _ change: (inout HostsDocument) throws -> Result) throws
        -> HostsFileEditor.Outcome<Result>
    {
        do {
            return try HostsFileEditor(path: path).edit(change)
        } catch let error as ExitCode {
            throw error
        } catch let error as HostConfigError {
            throw ConfigTool.fail("\(error); nothing was written")
        } catch {
            throw ConfigTool.fail("\(error); nothing was written")
        }
    }

    /// The validated configuration of an existing file.
    static func load(_ path: String) throws -> (HostsDocument, HostsConfig) {
        do {
            let document = try HostsDocument(contentsOf: path)
            return (document, try document.validated(path: path))
        } catch {
            throw ConfigTool.fail("\(error) (`ssh-for-agents-config check` lists every problem)")
        }
    }

    /// A path given on the command line, as hosts.json should hold it: `~/…` stays (the file is
    /// read by the same user), anything else relative becomes absolute from here.
    static func storedPath(_ raw: String) -> String {
        if raw.hasPrefix("/") || raw == "~" || raw.hasPrefix("~/") { return raw }
        return (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(raw)
    }
}

/// What a verb refuses while editing, thrown from inside the locked edit.
struct Refusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
