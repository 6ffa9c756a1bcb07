import Foundation
import Synchronization

@testable import Bridge

/// What the terminal would have shown, collected.
final class CollectingSink: TextSink, Sendable {
    private let collected = Mutex("")

    func write(_ text: String) {
        collected.withLock { $0 += text }
    }

    var text: String { collected.withLock { $0 } }
}

/// The person at the terminal, answering each question with the next scripted line and keeping
/// the questions. It stands in for the keyboard only: the confirmer, the gateway and the policy
/// under it are the real ones.
final class ScriptedHuman: HumanChannel, Sendable {
    private let state: Mutex<(answers: [String], questions: [String])>

    init(answers: [String]) {
        state = Mutex((answers, []))
    }

    func ask(_ question: String) async -> String? {
        state.withLock { state in
            state.questions.append(question)
            return state.answers.isEmpty ? nil : state.answers.removeFirst()
        }
    }

    var questions: [String] { state.withLock { $0.questions } }
}
