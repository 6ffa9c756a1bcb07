import MCP

/// Whether a client's declared capabilities let it show its human a form: `elicitation` with
/// `form`, or with no mode at all (the 2025-06-18 shape, before modes existed, which meant form).
/// The same rule for `initialize`'s capabilities and the 2026-07-28 envelope's.
enum ElicitationSupport {
    static func canShowForm(_ capabilities: Value?) -> Bool {
        guard case .object(let capabilities)? = capabilities,
            case .object(let elicitation)? = capabilities["elicitation"]
        else { return false }
        return canShowForm(declaresForm: elicitation["form"] != nil, declaresURL: elicitation["url"] != nil)
    }

    /// The rule itself, for capabilities the SDK has already decoded.
    static func canShowForm(declaresForm: Bool, declaresURL: Bool) -> Bool {
        declaresForm || !declaresURL
    }
}
