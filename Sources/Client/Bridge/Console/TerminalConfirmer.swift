import AgentContracts
import Foundation
import Gateway

/// Asks the human at the terminal to approve a `needs_confirmation` command, showing the host,
/// where it points, the exact command with control characters spelled out (`VisibleText`: a
/// carriage return or an escape sequence cannot hide part of it) and the policy's reasons.
///
/// The bridge always hands the tools this confirmer as the call's human, so `ToolCallConfirmer`
/// never falls back to the model's `confirm: true`. Without a terminal (`human` nil) it refuses.
public struct TerminalConfirmer: Confirmer {
    let human: (any HumanChannel)?

    public init(human: (any HumanChannel)?) {
        self.human = human
    }

    public func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        guard let human else {
            return .unavailable(
                reason: "a human must approve this command, and ssh-for-agents chat has no terminal to ask one "
                    + "(its input is not a terminal), so it did not run; confirm: true does not change this. "
                    + "Tell the user the exact command and the reasons; they can run chat from a terminal and "
                    + "approve it there, or run it themselves with `ssh-for-agents-run \(request.host) '<command>' --confirm`")
        }
        guard let answer = await human.ask(Self.question(request)) else { return .cancelled }
        switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
        case "y", "yes": return .approved(by: "terminal")
        default: return .declined
        }
    }

    static func question(_ request: ConfirmationRequest) -> String {
        let visible = VisibleText(request.command)
        var lines = [
            "The model wants to run a command that needs your approval:",
            "  host:    \(VisibleText(request.host, keepNewlines: false).text) (\(VisibleText(request.destination, keepNewlines: false).text))",
        ]
        let commandLines = visible.text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.append("  command: " + (commandLines.first.map(String.init) ?? ""))
        lines += commandLines.dropFirst().map { "           " + $0 }
        if visible.escapedCount > 0 {
            lines.append(
                "           (\(visible.escapedCount) control character\(visible.escapedCount == 1 ? "" : "s") shown escaped)")
        }
        for (index, reason) in request.reasonLines.enumerated() {
            lines.append((index == 0 ? "  why:     " : "           ") + VisibleText(reason, keepNewlines: false).text)
        }
        lines.append("Run it? [y/N] ")
        return lines.joined(separator: "\n")
    }
}
