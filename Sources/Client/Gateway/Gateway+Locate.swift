import Foundation
import HostConfiguration
import RemoteAccess

extension Gateway {
    /// A gateway over the `hosts.json` that `--config`, the working directory,
    /// `$SSH_AGENT_CONFIG` or `~/.config/ssh-for-agents/` provides. The executable chooses the
    /// transport (it is the one place that knows libssh2 exists).
    public static func locating(
        explicitConfigPath: String?,
        warningHandler: @escaping @Sendable (String) -> Void = Gateway.printWarning,
        transport makeTransport: (_ warningHandler: @escaping @Sendable (String) -> Void) -> any RemoteTransport
    ) throws(GatewayError) -> Gateway {
        let path: String
        do {
            path = try ConfigLocator(explicitPath: explicitConfigPath).locate()
        } catch {
            throw .configuration(error)
        }
        let store = HostConfigStore(path: path, warningHandler: warningHandler)
        return Gateway(configStore: store, transport: makeTransport(warningHandler))
    }

    /// Warnings go to stderr: stdout belongs to command output (CLI) or to JSON-RPC (MCP).
    public static let printWarning: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("ssh-for-agents: warning: \(message)\n".utf8))
    }
}
