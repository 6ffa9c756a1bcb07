import CLISupport
import Gateway
import TransportSelection

extension HostsFileOption {
    /// The Gateway over the hosts.json this option names (or the default lookup finds). Kept here,
    /// not in CLISupport, which must not depend on the Gateway.
    func gateway() throws -> Gateway {
        do {
            return try Gateway.locating(explicitConfigPath: config) { SelectingTransport(warningHandler: $0) }
        } catch {
            throw GatewayFailure.report(error)
        }
    }
}
