import Synchronization

/// A one-way "please stop" flag shared between signal handlers and the crawl loop.
public final class StopSignal: Sendable {
    private let state = Mutex<(requested: Bool, handlers: [@Sendable () -> Void])>((false, []))

    public init() {}

    /// Whether a stop was requested.
    public var isRequested: Bool { state.withLock { $0.requested } }

    /// Requests a stop; runs the registered handlers once.
    public func request() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.requested else { return [] }
            state.requested = true
            defer { state.handlers.removeAll() }
            return state.handlers
        }
        for handler in handlers { handler() }
    }

    /// Runs `handler` on the first `request()` (at once if already requested).
    public func onRequest(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.requested { return true }
            state.handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }
}
