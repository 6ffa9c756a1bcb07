/// Which revision of MCP a connection speaks, fixed by the client's first request (as the
/// official SDKs decide it; until then `ClientSession.era` is nil): `initialize` (or any request
/// without the 2026-07-28 envelope) means 2025-11-25 and earlier, served by the SDK's `Server`; a
/// request carrying the envelope in its `_meta` means the stateless 2026-07-28 revision, served by
/// the router alone.
enum ProtocolEra: Sendable {
    case handshake
    case stateless
}
