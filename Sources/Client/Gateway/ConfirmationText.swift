import AgentContracts

/// What a human reads before approving: the same words in the MCP client's elicitation and in the
/// CLI's terminal prompt. A command (and a reason quoting its words) may carry a carriage return,
/// `ESC[2K` or a right-to-left override that would make it display as some other command, so
/// every such character is spelled out where it stands, and a warning says they are there.
extension ConfirmationRequest {
    /// The exact command, with control and invisible characters spelled out (`\x0d`, `\u{202E}`).
    public var visibleCommand: VisibleText { VisibleText(command) }

    /// The reasons, each on one line with its control characters spelled out.
    public var visibleReasonLines: [String] {
        reasonLines.map { VisibleText($0, keepNewlines: false).text }
    }

    /// nil when the command is shown exactly as it is.
    public var hiddenCharacterWarning: String? {
        let shown = visibleCommand
        guard shown.escapedCount > 0 else { return nil }
        let count =
            shown.escapedCount == 1 ? "1 control or invisible character" : "\(shown.escapedCount) control or invisible characters"
        return "WARNING: this command contains \(count) (\(shown.escapedSpellings.joined(separator: ", "))) "
            + "that could make it look like a different command; each is shown spelled out where it stands, "
            + "and runs as that character, not as the text shown."
    }

    /// The full text: host, destination, the command as shown, the warning if any, the reasons.
    public var approvalText: String {
        var lines = ["An AI agent wants to run this command on \(host) (\(destination)):", ""]
        lines.append(visibleCommand.text)
        lines.append("")
        if let warning = hiddenCharacterWarning { lines += [warning, ""] }
        lines.append("It needs your approval because:")
        lines += visibleReasonLines.map { "- \($0)" }
        return lines.joined(separator: "\n")
    }
}
