/// When a failed fetch is tried again.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// Wait before the second attempt; doubles for each further one.
    public var backoff: Duration

    public init(maxAttempts: Int = 3, backoff: Duration = .seconds(2)) {
        self.maxAttempts = max(1, maxAttempts)
        self.backoff = backoff
    }

    /// Seconds to wait after the `attempt`-th failed attempt (1-based), or nil when out of attempts.
    func delay(afterAttempt attempt: Int) -> Double? {
        guard attempt < maxAttempts else { return nil }
        let base = Double(backoff.components.seconds) + Double(backoff.components.attoseconds) / 1e18
        return base * Double(1 << min(attempt - 1, 16))
    }

    /// Whether an HTTP status is worth retrying (the server said "not now").
    static func isTransient(status: Int) -> Bool {
        status == 429 || status == 500 || status == 502 || status == 503 || status == 504
    }

    /// Whether a transport failure is worth retrying. A refused address (`blocked_address`,
    /// the SSRF guard) and a too-large body are permanent: trying again gives the same answer.
    static func isTransient(errorKind: String) -> Bool {
        ["timeout", "too_slow", "connect", "transport", "dns"].contains(errorKind)
    }
}
