// Re-exported so that users of the libssh2 pool (tests, benchmarks) see the value types too.
@_exported import RemoteAccess

extension SSHConnectionPool: RemoteTransport {
    public func closeAll() async {
        await closeAll(grace: .seconds(2))
    }
}
