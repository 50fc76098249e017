import TrawlDB

/// What a fetch outcome does to its URL's row (`urls.state`, `next_attempt_at`, `last_error`,
/// `attempts`), so the state and the visit's schedule can be written in one `UPDATE`.
struct URLStateUpdate {
    var state: URLState
    var nextAttemptAt: Double
    var lastError: String?
    /// Subtracted from `attempts`: 1 for a URL put back unfetched (its attempt did not happen).
    var attemptsBack: Int

    init(_ outcome: PageOutcome) {
        let error = outcome.capture?.error
        switch outcome.disposition {
        case .done: self.init(state: .done, nextAttemptAt: 0, lastError: error, attemptsBack: 0)
        case .failed: self.init(state: .failed, nextAttemptAt: 0, lastError: error, attemptsBack: 0)
        case .retry(let at): self.init(state: .queued, nextAttemptAt: at, lastError: error, attemptsBack: 0)
        case .requeue: self.init(state: .queued, nextAttemptAt: outcome.entry.notBefore, lastError: nil, attemptsBack: 1)
        case .blocked(let reason): self.init(state: .blocked, nextAttemptAt: 0, lastError: reason, attemptsBack: 0)
        }
    }

    init(state: URLState, nextAttemptAt: Double, lastError: String?, attemptsBack: Int) {
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.attemptsBack = attemptsBack
    }

    /// The `SET` terms, followed in the statement by the terms of what else changes.
    static let assignments = "state = ?, next_attempt_at = ?, last_error = ?, attempts = attempts - ?"

    /// The values of ``assignments``, in order.
    var values: [any SQLBindable] { [state.rawValue, nextAttemptAt, lastError, attemptsBack] }
}
