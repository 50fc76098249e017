/// One host's politeness as a pure state machine: when the next request may start, and why.
///
/// No clock and no I/O: every event carries `now`, so tests drive it with a fake clock. The
/// scheduler asks ``mayStart(at:)``, reports ``started(at:)`` when it hands out a request and
/// ``finished(_:at:)`` when one ends, and acts on the returned ``Decision``.
struct HostPoliteness: Sendable {
    /// Why the host's next request waits as long as it does (shown by `trawl status`).
    enum Reason: String, Sendable, Equatable {
        case config, crawlDelay = "crawl-delay", adaptive, backoff, retryAfter = "retry-after", parked
    }

    /// What a finished request told us about the host.
    enum Signal: Sendable, Equatable {
        /// The host answered normally (any status but 429, 5xx), taking `duration`.
        case answered(duration: Duration)
        /// 429 or 503: the host asks us to slow down, maybe saying for how long.
        case throttled(retryAfter: Duration?)
        /// Another 5xx, a timeout or a connection error.
        case failed
    }

    /// What the scheduler should do about a finished request.
    enum Decision: Sendable, Equatable {
        /// Carry on at the usual spacing.
        case proceed
        /// The host is held until `until` (back-off or Retry-After).
        case hold(until: ContinuousClock.Instant, reason: Reason)
        /// The host failed `failures` times in a row and is left alone until `until`: report it.
        case parked(until: ContinuousClock.Instant, failures: Int)
    }

    /// The limits in force (replaced when the config is reloaded).
    var settings: Politeness
    /// The robots.txt Crawl-delay, if any (capped at `maxDelay` when used).
    var crawlDelay: Duration?
    /// Duration of the last answered request.
    private(set) var lastDuration: Duration?
    /// Failed requests in a row (throttled or failed); a success resets it.
    private(set) var consecutiveFailures: Int
    /// The earliest instant the next request may start.
    private(set) var nextStart: ContinuousClock.Instant
    /// Why `nextStart` is later than the spacing rule alone would make it, while it is.
    private(set) var hold: Reason?
    private var random: SplitMix64

    init(settings: Politeness, now: ContinuousClock.Instant, seed: UInt64 = 0, consecutiveFailures: Int = 0) {
        self.settings = settings
        self.nextStart = now
        self.random = SplitMix64(seed: seed)
        self.consecutiveFailures = consecutiveFailures
    }

    /// The spacing rule now: max(config delay, Crawl-delay, factor × last duration), capped.
    var spacing: (delay: Duration, reason: Reason) {
        var best = (delay: settings.delay, reason: Reason.config)
        if let crawlDelay, crawlDelay > best.delay { best = (crawlDelay, .crawlDelay) }
        if let lastDuration {
            let adaptive = lastDuration * settings.delayFactor
            if adaptive > best.delay { best = (adaptive, .adaptive) }
        }
        if best.delay > settings.maxDelay { best.delay = settings.maxDelay }
        return best
    }

    /// Whether a request may start at `now`.
    func mayStart(at now: ContinuousClock.Instant) -> Bool { now >= nextStart }

    /// Why the host waits at `now`: a hold while it lasts, else the spacing rule's reason.
    func reason(at now: ContinuousClock.Instant) -> Reason {
        if let hold, nextStart > now { return hold }
        return spacing.reason
    }

    /// A request starts now: the next one may start no sooner than one spacing later.
    mutating func started(at now: ContinuousClock.Instant) {
        nextStart = max(nextStart, now + spacing.delay)
    }

    /// A request ended with `signal`: updates the spacing and any hold, and says what happened.
    mutating func finished(_ signal: Signal, at now: ContinuousClock.Instant) -> Decision {
        switch signal {
        case .answered(let duration):
            lastDuration = duration
            consecutiveFailures = 0
            if let hold, nextStart > now, hold == .parked || hold == .retryAfter {
                // A request already under way when the host was held does not end the hold.
                return .hold(until: nextStart, reason: hold)
            }
            hold = nil
            nextStart = max(nextStart, now + spacing.delay)
            return .proceed
        case .throttled(let retryAfter?):
            consecutiveFailures += 1
            if consecutiveFailures >= settings.parkAfter { return park(now) }
            let wait = max(min(retryAfter, settings.parkFor), spacing.delay)
            return holdUntil(now + wait, .retryAfter)
        case .throttled(nil), .failed:
            consecutiveFailures += 1
            if consecutiveFailures >= settings.parkAfter { return park(now) }
            let doublings = min(consecutiveFailures - 1, 30)
            var backoff = min(settings.backoff * (1 << doublings), settings.maxBackoff)
            backoff = backoff * (1 + settings.jitter * random.nextUnit())
            return holdUntil(now + max(backoff, spacing.delay), .backoff)
        }
    }

    private mutating func park(_ now: ContinuousClock.Instant) -> Decision {
        let until = now + settings.parkFor
        _ = holdUntil(until, .parked)
        return .parked(until: nextStart, failures: consecutiveFailures)
    }

    private mutating func holdUntil(_ until: ContinuousClock.Instant, _ reason: Reason) -> Decision {
        nextStart = max(nextStart, until)
        hold = reason
        return .hold(until: nextStart, reason: reason)
    }

    /// Restores a hold persisted by an earlier run (`remaining` from now).
    mutating func restoreHold(_ reason: Reason, remaining: Duration, now: ContinuousClock.Instant) {
        guard remaining > .zero, reason == .backoff || reason == .retryAfter || reason == .parked else { return }
        nextStart = max(nextStart, now + remaining)
        hold = reason
    }
}

/// A tiny deterministic random generator (SplitMix64) for back-off jitter.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
