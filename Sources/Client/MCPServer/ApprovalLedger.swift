import Foundation
import Synchronization

/// The questions put to a human through an `input_required` result (MCP 2026-07-28), each bound
/// to the exact host and command it is about.
///
/// The `requestState` the client echoes back is a random single-use ticket known only to this
/// process, not the question itself: a client (or a model steering one) cannot forge an approval,
/// cannot replay one, and cannot carry one over to an edited command, which is asked about
/// afresh. stdio serves one client in one process, so keeping the tickets here costs nothing the
/// revision's statelessness is meant to save.
final class ApprovalLedger: Sendable {
    private struct Question {
        let host: String
        let command: String
        let expires: ContinuousClock.Instant
    }

    /// A human may take a while; an answer after this is asked for again.
    static let lifetime: Duration = .seconds(600)
    /// Bounds memory if a client never answers.
    static let capacity = 256

    private let questions = Mutex<[String: Question]>([:])

    /// A new ticket for asking about `command` on `host`.
    func issue(host: String, command: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let ticket = "sfa-" + (0..<2).map { _ in
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        let now = ContinuousClock.now
        questions.withLock { questions in
            questions = questions.filter { $0.value.expires > now }
            if questions.count >= Self.capacity,
               let oldest = questions.min(by: { $0.value.expires < $1.value.expires })?.key {
                questions.removeValue(forKey: oldest)
            }
            questions[ticket] = Question(host: host, command: command, expires: now + Self.lifetime)
        }
        return ticket
    }

    /// True once for a live ticket issued for exactly this host and command; the ticket is used
    /// up either way, except when it belongs to another command (that one may still come back).
    func redeem(_ ticket: String, host: String, command: String) -> Bool {
        questions.withLock { questions in
            guard let question = questions[ticket], question.host == host, question.command == command else {
                return false
            }
            questions.removeValue(forKey: ticket)
            return question.expires > ContinuousClock.now
        }
    }
}
