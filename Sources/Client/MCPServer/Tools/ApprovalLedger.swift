import Foundation
import Gateway
import Synchronization

/// The questions put to a human through an `input_required` result (MCP 2026-07-28), each bound
/// to the exact host and command it is about.
///
/// The `requestState` the client echoes back is a random single-use ticket known only to this
/// process, not the question itself. It proves that this server asked about exactly this command
/// on exactly this machine: an answer cannot be made up without a ticket, replayed, or carried
/// over to an edited command or to an alias that now points elsewhere; those are asked about
/// afresh. That a human (and not a program) gave the answer is the client's word, as with
/// `elicitation/create`. Commands are compared byte for byte: Swift's `==` treats canonically
/// equivalent strings as equal, and U+037E (Greek question mark) is equivalent to ";".
/// stdio serves one client in one process, so keeping the tickets here costs nothing the
/// revision's statelessness is meant to save.
final class ApprovalLedger: Sendable {
    private struct Question {
        let host: [UInt8]
        let destination: [UInt8]
        let command: [UInt8]
        let expires: ContinuousClock.Instant

        init(_ request: ConfirmationRequest, expires: ContinuousClock.Instant) {
            host = Array(request.host.utf8)
            destination = Array(request.destination.utf8)
            command = Array(request.command.utf8)
            self.expires = expires
        }

        func isAbout(_ other: Question) -> Bool {
            host == other.host && destination == other.destination && command == other.command
        }
    }

    /// A human may take a while; an answer after this is asked for again.
    static let lifetime: Duration = .seconds(600)
    /// Bounds memory if a client never answers.
    static let capacity = 256

    private let questions = Mutex<[String: Question]>([:])

    /// A new ticket for asking about the request's command on its host.
    func issue(for request: ConfirmationRequest) -> String {
        var generator = SystemRandomNumberGenerator()
        let ticket =
            "sfa-"
            + (0..<2).map { _ in
                let word = generator.next() as UInt64
                let hex = String(word, radix: 16)
                return String(repeating: "0", count: 16 - hex.count) + hex
            }.joined()
        let now = ContinuousClock.now
        questions.withLock { questions in
            questions = questions.filter { $0.value.expires > now }
            if questions.count >= Self.capacity,
                let oldest = questions.min(by: { $0.value.expires < $1.value.expires })?.key
            {
                questions.removeValue(forKey: oldest)
            }
            questions[ticket] = Question(request, expires: now + Self.lifetime)
        }
        return ticket
    }

    /// True once for a live ticket issued for exactly this request; the ticket is used up either
    /// way, except when it belongs to another request (that one may still come back).
    func redeem(_ ticket: String, for request: ConfirmationRequest) -> Bool {
        let asked = Question(request, expires: .now)
        return questions.withLock { questions in
            guard let question = questions[ticket], question.isAbout(asked) else { return false }
            questions.removeValue(forKey: ticket)
            return question.expires > ContinuousClock.now
        }
    }
}
