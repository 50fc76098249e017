import TrawlRobots

/// One host's robots.txt (RFC 9309) as a pure state machine: whether it must be fetched, what
/// it says about a URL, and what a fetch outcome changes.
///
/// Times are unix seconds passed in by the caller (no clock inside). Rules:
/// - Nothing else is requested from a host before its robots.txt has been fetched.
/// - 2xx: the body's rules, cached for `cacheFor`. 4xx (not 429): allow all, cached as long.
/// - 5xx, 429, network errors: "unreachable", everything waits (complete disallow) and
///   robots.txt is tried again, first at the retry policy's pace, then every
///   `maxRetryDelay` at most. After `outageFallbackAfter` of outage, the last good copy is used.
/// - In `ignore` mode robots.txt is never fetched and everything is allowed.
struct HostRobots: Sendable {
    /// Where the host's robots.txt stands (the raw values are shown by `trawl status`).
    enum State: String, Sendable, Equatable {
        /// Never fetched (or a fetch was cancelled).
        case unknown
        /// 2xx: its rules apply.
        case fetched
        /// 4xx (or too many redirects): everything is allowed.
        case allowAll = "allow-all"
        /// 5xx, 429 or a network error: nothing is fetched until a retry succeeds.
        case unreachable = "disallow-all"
        /// Unreachable for longer than the outage limit: the last good copy applies.
        case stale = "last-good-copy"
        /// `robots = "ignore"`.
        case ignored
    }

    /// How a robots.txt fetch (redirects followed) ended.
    enum FetchOutcome: Sendable, Equatable {
        /// A 2xx body.
        case body([UInt8])
        /// 4xx other than 429, or more than 5 redirects: "unavailable", allow all.
        case unavailable(String)
        /// 5xx, 429 or a network error: "unreachable", disallow all for now.
        case unreachable(String)
        /// The fetch was cancelled (crawl stopping): nothing learned.
        case cancelled
    }

    /// What robots.txt says about one URL right now.
    enum Verdict: Sendable, Equatable { case allowed, disallowed, wait }

    /// What the store keeps of a host's robots.txt between runs.
    struct Saved: Sendable, Equatable {
        var state: State
        /// Cache expiry (fetched, allow-all) or next attempt (unreachable).
        var until: Double
        /// The last good (2xx) body, at most 500 KiB.
        var body: [UInt8]?
        var fetchedAt: Double?
        var unreachableSince: Double?
        /// Why it is unreachable or unavailable ("HTTP 503", "timeout").
        var detail: String?
    }

    let policy: RobotsPolicy
    let retry: RetryPolicy
    private(set) var state: State
    /// The rules in force; nil while unknown.
    private(set) var rules: RobotsTxt?
    /// See ``Saved/until``.
    private(set) var until: Double
    private(set) var lastGood: [UInt8]?
    private(set) var lastGoodAt: Double?
    private(set) var unreachableSince: Double?
    /// Unreachable outcomes in a row in this run.
    private(set) var failures = 0
    private(set) var detail: String?
    /// A robots.txt fetch is under way.
    private(set) var isFetching = false

    init(policy: RobotsPolicy, retry: RetryPolicy, saved: Saved? = nil, unixNow: Double) {
        self.policy = policy
        self.retry = retry
        state = .unknown
        until = 0
        guard policy.mode == .obey else {
            state = .ignored
            rules = .allowAll
            until = .infinity
            return
        }
        guard let saved else { return }
        lastGood = saved.body
        lastGoodAt = saved.fetchedAt
        unreachableSince = saved.unreachableSince
        detail = saved.detail
        until = saved.until
        switch saved.state {
        case .fetched, .stale:
            state = saved.state
            rules = RobotsTxt(saved.body ?? [])
        case .allowAll:
            state = .allowAll
            rules = .allowAll
        case .unreachable:
            // A new run tries again at once.
            state = .unreachable
            rules = .disallowAll
            until = unixNow
        case .unknown, .ignored:
            state = .unknown
            until = 0
        }
    }

    /// Whether robots.txt must be fetched before anything else is requested from the host.
    func needsFetch(unixNow: Double) -> Bool {
        state != .ignored && !isFetching && (rules == nil || unixNow >= until)
    }

    /// Whether robots.txt is unreachable and out of this run's attempts, so the host's URLs
    /// wait for a later attempt (a `trawl crawl` ends without them; they stay queued).
    var isDeferred: Bool { state == .unreachable && failures >= retry.maxAttempts }

    /// What the rules say about `pathAndQuery` for `userAgent` at `unixNow`.
    func verdict(userAgent: String, pathAndQuery: String, unixNow: Double) -> Verdict {
        guard let rules, !isFetching, state != .unreachable, state == .ignored || unixNow < until else { return .wait }
        return rules.isAllowed(userAgent: userAgent, pathAndQuery: pathAndQuery) ? .allowed : .disallowed
    }

    /// The Crawl-delay the rules set for `userAgent`, if any.
    func crawlDelay(userAgent: String) -> Duration? {
        guard state == .fetched || state == .stale else { return nil }
        return rules?.crawlDelay(userAgent: userAgent).map(Duration.clampedSeconds)
    }

    /// `Sitemap:` URLs of the rules in force.
    var sitemaps: [String] { rules?.sitemaps ?? [] }

    /// A fetch of robots.txt starts.
    mutating func fetchStarted() { isFetching = true }

    /// A fetch of robots.txt ended with `outcome` at `unixNow`.
    mutating func fetched(_ outcome: FetchOutcome, unixNow: Double) {
        isFetching = false
        switch outcome {
        case .cancelled:
            return
        case .body(let body):
            let kept = Array(body.prefix(500 * 1024))
            rules = RobotsTxt(kept)
            state = .fetched
            lastGood = kept
            lastGoodAt = unixNow
            until = unixNow + policy.cacheFor.seconds
            unreachableSince = nil
            failures = 0
            detail = nil
        case .unavailable(let why):
            rules = .allowAll
            state = .allowAll
            until = unixNow + policy.cacheFor.seconds
            unreachableSince = nil
            failures = 0
            detail = why
        case .unreachable(let why):
            failures += 1
            detail = why
            let since = unreachableSince ?? unixNow
            unreachableSince = since
            until = unixNow + retryDelay().seconds
            if let lastGood, unixNow - since >= policy.outageFallbackAfter.seconds {
                state = .stale
                rules = RobotsTxt(lastGood)
            } else {
                state = .unreachable
                rules = .disallowAll
            }
        }
    }

    /// The wait before the next attempt after `failures` unreachable outcomes: the retry
    /// policy's back-off within the run's attempts, then doubling up to `maxRetryDelay`.
    private func retryDelay() -> Duration {
        if let wait = retry.delay(afterAttempt: failures) { return .clampedSeconds(wait) }
        let doublings = min(failures - 1, 30)
        return min(retry.backoff * (1 << doublings), policy.maxRetryDelay)
    }

    /// What the store keeps.
    var saved: Saved {
        Saved(state: state, until: until.isFinite ? until : 0, body: lastGood, fetchedAt: lastGoodAt,
              unreachableSince: unreachableSince, detail: detail)
    }
}
