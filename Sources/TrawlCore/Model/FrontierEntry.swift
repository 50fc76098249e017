/// Where a URL stands in the frontier (stored as an integer in `urls.state`).
public enum URLState: Int, Sendable, CaseIterable {
    case queued = 0
    case inFlight = 1
    case done = 2
    case failed = 3
    /// Not to be fetched: robots.txt disallows it (`urls.last_error` says why).
    case blocked = 4
}

/// A frontier URL handed from the store to the scheduler and on to a fetch.
public struct FrontierEntry: Sendable, Hashable {
    public var id: Int64
    /// The normalized URL.
    public var url: String
    public var hostID: Int64
    /// The politeness key: scheme://host[:port].
    public var origin: String
    /// Link hops from a seed.
    public var depth: Int
    /// Consecutive redirect hops that led to this URL.
    public var redirects: Int
    /// Fetch attempts made so far.
    public var attempts: Int
    /// Unix time before which the URL must not be fetched (retry backoff); 0 = now.
    public var notBefore: Double
    /// A scheduled revisit of a URL fetched before (continuous archiving), not a first visit:
    /// it is sent as a conditional request and queued apart from new URLs (``ReadyQueue``).
    public var isRevisit: Bool = false
    /// Dispatch priority among the host's new URLs: higher goes first, ahead of older URLs of
    /// the same depth (``ReadyQueue``). 1 for hub entries (feed entries, Google News sitemap
    /// entries), 0 otherwise; stored in `urls.priority`.
    public var priority: Int = 0
}

/// A URL found on a page (or a redirect target, or a seed), already normalized and in scope,
/// offered to the frontier, which keeps it only if it is new.
public struct Discovery: Sendable, Hashable {
    public var url: String
    /// The URL's origin (`CrawlURL.origin`, its host row in the frontier): always the same for
    /// the same URL, since the frontier finds a known URL under its host (schema v16).
    public var origin: String
    public var depth: Int
    public var redirects: Int
    /// The frontier priority the URL gets if it is new (``FrontierEntry/priority``).
    public var priority: Int

    public init(url: String, origin: String, depth: Int, redirects: Int = 0, priority: Int = 0) {
        self.url = url
        self.origin = origin
        self.depth = depth
        self.redirects = redirects
        self.priority = priority
    }
}
