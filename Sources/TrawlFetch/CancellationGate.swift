import Synchronization

/// Orders a fetch's submission and its cancellation, which run on different threads.
///
/// `withTaskCancellationHandler` may run `onCancel` before, during or after the operation
/// posts its transfer. Both sides go through this gate's lock, so either the submission
/// sees the cancellation and never posts, or the cancel command is posted after the add
/// command and the curl thread handles them in that order.
final class CancellationGate: Sendable {
    private struct State {
        var submitted = false
        var cancelled = false
    }

    private let state = Mutex(State())

    /// Runs `submit` under the lock unless cancellation came first.
    /// Returns false when cancelled first or when `submit` returned false.
    func submit(_ submit: () -> Bool) -> Bool {
        state.withLock { state in
            guard !state.cancelled else { return false }
            state.submitted = submit()
            return state.submitted
        }
    }

    /// Marks the fetch cancelled; runs `cancel` under the lock if the fetch was submitted.
    func cancel(_ cancel: () -> Void) {
        state.withLock { state in
            state.cancelled = true
            if state.submitted { cancel() }
        }
    }
}
