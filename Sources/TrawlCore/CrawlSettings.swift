import TrawlFetch

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
    /// Allow connecting to loopback, private, link-local, CGNAT, multicast and unspecified
    /// addresses (`[network] allow_private`). Off by default: the SSRF guard refuses them.
    public var allowPrivate: Bool
    /// Address blocks allowed even when private (`[network] allow_cidrs`).
    public var allowCIDRs: [CIDRBlock]
    /// Address blocks never connected to (`[network] deny_cidrs`), public ones too.
    public var denyCIDRs: [CIDRBlock]
    /// Transfers slower than this for this long are aborted as too slow (`[limits]
    /// low_speed_bytes_per_second`, `low_speed_time_ms`); nil = off.
    public var lowSpeed: LowSpeedLimit?
    /// The default low-speed limit: under 100 bytes/s for 15 s. Far below any real connection
    /// (even 2G moves kilobytes a second), so only a trickling or stalled server trips it;
    /// 15 s still lets a slow server think before its first byte, and frees a trickler's slot
    /// in half the default 30 s transfer timeout.
    public static let defaultLowSpeed = LowSpeedLimit(bytesPerSecond: 100, time: .seconds(15))
    /// DNS-over-HTTPS resolver URL (`[network] doh_url`); nil = the system resolver.
    public var dohURL: String? = nil
    /// CA certificates (PEM) to verify https servers, the DoH server included, instead of the
    /// system's (`[network] ca_file`); nil = the system's.
    public var caBundlePath: String? = nil
    /// How long in-flight fetches may run on after a stop request before they are cancelled and re-queued.
    public var stopGrace: Duration
    /// Ready URLs the scheduler keeps in memory over all hosts (`[limits] frontier_memory_urls`);
    /// the rest of the frontier waits in the database. Fixed at start (a reload keeps it).
    public var frontierMemoryURLs: Int = 50_000
    /// WARC output (`[warc]` in the config); nil = off.
    public var warc: WARCSettings?
    /// When fetched URLs are due again (`[[revisit]]`, `[revisit_policy]`); the default
    /// revisits nothing, a one-shot crawl.
    public var revisit: RevisitPolicy

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
        allowCIDRs: [CIDRBlock] = [],
        denyCIDRs: [CIDRBlock] = [],
        lowSpeed: LowSpeedLimit? = CrawlSettings.defaultLowSpeed,
        stopGrace: Duration = .seconds(10),
        warc: WARCSettings? = nil,
        revisit: RevisitPolicy = RevisitPolicy()
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
        self.allowCIDRs = allowCIDRs
        self.denyCIDRs = denyCIDRs
        self.lowSpeed = lowSpeed
        self.stopGrace = stopGrace
        self.warc = warc
        self.revisit = revisit
    }
}

extension CrawlSettings {
    /// The SSRF guard these settings ask for.
    public var addressPolicy: AddressPolicy {
        AddressPolicy(allowPrivate: allowPrivate, allow: allowCIDRs, deny: denyCIDRs)
    }

    /// The fetcher a crawl with these settings uses: politeness's connection limits, the SSRF
    /// guard and the low-speed limit (for pages and robots.txt alike).
    var fetcherConfiguration: Fetcher.Configuration {
        Fetcher.Configuration(
            maxTotalConnections: politeness.transfers, maxConnectionsPerHost: politeness.perHost,
            caBundlePath: caBundlePath, addressPolicy: addressPolicy, lowSpeed: lowSpeed, dohURL: dohURL)
    }
}
