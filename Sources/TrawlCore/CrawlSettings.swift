/// Everything a crawl needs to know from the config, in the core's own terms.
public struct CrawlSettings: Sendable {
    public var userAgent: String
    public var politeness: Politeness
    /// Depth and include/exclude rules; seed origins are added from the store at start.
    public var scope: Scope
    public var connectTimeout: Duration
    public var timeout: Duration
    public var maxBodyBytes: Int
    public var maxRedirects: Int
    public var retry: RetryPolicy
    /// Allow fetching loopback and private addresses (enforced by later network guards).
    public var allowPrivate: Bool
    /// How long in-flight fetches may run on after a stop request before they are cancelled and re-queued.
    public var stopGrace: Duration
    /// WARC output (`[warc]` in the config); nil = off.
    public var warc: WARCSettings?

    public init(
        userAgent: String = "TrawlBot/0.1 (+https://example.invalid/trawl)",
        politeness: Politeness = Politeness(),
        scope: Scope = Scope(),
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(30),
        maxBodyBytes: Int = 10 << 20,
        maxRedirects: Int = 5,
        retry: RetryPolicy = RetryPolicy(),
        allowPrivate: Bool = false,
        stopGrace: Duration = .seconds(10),
        warc: WARCSettings? = nil
    ) {
        self.userAgent = userAgent
        self.politeness = politeness
        self.scope = scope
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.retry = retry
        self.allowPrivate = allowPrivate
        self.stopGrace = stopGrace
        self.warc = warc
    }
}
