/// What a tool does to the world, as hints for a client deciding how much to trust a call. Every
/// hint is optional: unset means the protocol's default (MCP's, for example, assumes destructive
/// and open-world), and the tools leave unset what does not apply to them.
public struct ToolAnnotations: Sendable, Equatable {
    /// A short title for menus and prompts.
    public var title: String?
    /// Changes nothing.
    public var readOnly: Bool?
    /// May delete or overwrite (meaningful only when not read-only).
    public var destructive: Bool?
    /// Calling again with the same arguments has no further effect.
    public var idempotent: Bool?
    /// Reaches beyond this process (remote machines), not only its own configuration.
    public var openWorld: Bool?

    public init(
        title: String? = nil, readOnly: Bool? = nil, destructive: Bool? = nil,
        idempotent: Bool? = nil, openWorld: Bool? = nil
    ) {
        self.title = title
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent
        self.openWorld = openWorld
    }
}
