import Dispatch
import Foundation

/// Turns SIGINT/SIGTERM into a callback (instead of the default immediate exit).
///
/// `@unchecked Sendable`: `sources` is set once in `init` and never mutated; dispatch sources
/// are thread-safe objects (cancel may be called from any thread).
final class SignalWatcher: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
