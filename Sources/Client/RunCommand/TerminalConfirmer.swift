import CLISupport
import Foundation
import Gateway

/// `run`'s confirmation: `--confirm` is the human's approval given in advance; without it, a human
/// at a terminal (stdin and stderr both terminals) is asked, with the same text an MCP client
/// shows (`ConfirmationRequest.approvalText`: control characters spelled out, a warning when there
/// are any). Anything but `y`/`yes` refuses. Without a terminal it refuses as before (exit 10), so
/// a script never hangs on a question nobody sees.
struct TerminalConfirmer: Confirmer {
    let confirmedByFlag: Bool

    func confirm(_ request: ConfirmationRequest) async -> ConfirmationAnswer {
        if confirmedByFlag { return .approved(by: "--confirm") }
        guard isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 else {
            return .unavailable(reason: "rerun with --confirm once a human has approved this exact command")
        }
        StandardError.write(request.approvalText + "\n\nRun it on \(request.host)? [y/N] ")
        // The read blocks; it gets a thread of its own rather than one of Swift's cooperative pool.
        let answer: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: readLine(strippingNewline: true)) }
        }
        guard let answer else {
            StandardError.write("\n")
            return .cancelled
        }
        switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
        case "y", "yes": return .approved(by: "terminal prompt")
        default: return .declined
        }
    }
}
