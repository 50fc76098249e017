/// The per-host and global limits the scheduler enforces, and the rules that stretch a host's delay.
///
/// The delay before the next request to a host is
/// `max(delay, Crawl-delay, delayFactor × duration of the host's last fetch)`, capped at
/// `maxDelay`. Failures hold the host longer: `Retry-After` on 429/503 holds it until then;
/// other 429/503s, 5xx, timeouts and connection errors back it off exponentially with jitter;
/// after `parkAfter` failures in a row the host is parked for `parkFor`. A success resets all that.
public struct Politeness: Sendable, Equatable {
    /// Minimum time between two request starts to one host; the next start also waits this long
    /// after the previous request to that host completed.
    public var delay: Duration
    /// Concurrent transfers to one host.
    public var perHost: Int
    /// Concurrent transfers in total.
    public var transfers: Int
    /// Upper bound of the spacing rule (config delay, Crawl-delay, adaptive).
    public var maxDelay: Duration
    /// The adaptive part: the delay is at least this multiple of the last fetch's duration.
    public var delayFactor: Double
    /// The first back-off after a failure; doubles with each further failure in a row.
    public var backoff: Duration
    /// Upper bound of the exponential back-off (before jitter).
    public var maxBackoff: Duration
    /// Random extra back-off, as a fraction of it (0.25: up to 25 % longer), so hosts that failed
    /// together do not retry in lockstep.
    public var jitter: Double
    /// Failures in a row after which a host is parked.
    public var parkAfter: Int
    /// How long a parked host is left alone; also the longest `Retry-After` honoured.
    public var parkFor: Duration
    /// How robots.txt is used.
    public var robots: RobotsPolicy

    public init(
        delay: Duration = .seconds(1), perHost: Int = 1, transfers: Int = 64,
        maxDelay: Duration = .seconds(30), delayFactor: Double = 2,
        backoff: Duration = .seconds(2), maxBackoff: Duration = .seconds(600), jitter: Double = 0.25,
        parkAfter: Int = 10, parkFor: Duration = .seconds(3600),
        robots: RobotsPolicy = RobotsPolicy()
    ) {
        self.delay = delay
        self.perHost = max(1, perHost)
        self.transfers = max(1, transfers)
        self.maxDelay = max(maxDelay, delay)
        self.delayFactor = max(0, delayFactor)
        self.backoff = backoff
        self.maxBackoff = max(maxBackoff, backoff)
        self.jitter = min(max(0, jitter), 1)
        self.parkAfter = max(1, parkAfter)
        self.parkFor = parkFor
        self.robots = robots
    }
}

/// How the crawl treats robots.txt (RFC 9309).
public struct RobotsPolicy: Sendable, Equatable {
    /// `obey` fetches robots.txt before anything else on a host and skips what it disallows;
    /// `ignore` never fetches it (an archivist's choice, shown in `trawl status`).
    public enum Mode: String, Sendable, Equatable { case obey, ignore }

    public var mode: Mode
    /// How long a fetched robots.txt (or a 4xx "allow all") is used before it is fetched again.
    public var cacheFor: Duration
    /// After robots.txt has been unreachable (5xx, 429, network errors) this long, the last good
    /// copy is used again instead of "disallow all" (RFC 9309 2.4).
    public var outageFallbackAfter: Duration
    /// The longest wait between two attempts at an unreachable robots.txt.
    public var maxRetryDelay: Duration

    public init(
        mode: Mode = .obey, cacheFor: Duration = .seconds(24 * 3600),
        outageFallbackAfter: Duration = .seconds(30 * 24 * 3600), maxRetryDelay: Duration = .seconds(3600)
    ) {
        self.mode = mode
        self.cacheFor = cacheFor
        self.outageFallbackAfter = outageFallbackAfter
        self.maxRetryDelay = maxRetryDelay
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// `seconds` as a Duration, clamped to zero and to about 100 years.
    static func clampedSeconds(_ seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        return .milliseconds(Int64(min(seconds, 3.2e9) * 1000))
    }
}
