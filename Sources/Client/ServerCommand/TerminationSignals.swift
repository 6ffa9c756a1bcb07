import Dispatch
import Foundation

/// Turns SIGTERM and SIGINT into a clean shutdown (stop reading, close SSH connections, exit 0)
/// instead of dying mid-write.
final class TerminationSignals {
    private let sources: [DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () -> Void) {
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: onSignal)
            source.resume()
            return source
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
