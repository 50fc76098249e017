/// Where a crawl stands: what `trawl status` prints (its JSON keys are a stable interface).
public struct CrawlStatus: Sendable, Codable, Equatable {
    public var urlsTotal: Int
    public var urlsQueued: Int
    public var urlsInFlight: Int
    public var urlsDone: Int
    public var urlsFailed: Int
    public var captures: Int
    /// Distinct bodies (by SHA-256), wherever their bytes are kept.
    public var uniqueBodies: Int
    /// Bytes of the bodies stored in the database (compressed); bodies archived with WARC
    /// output on are kept only in the WARC files (``bodiesInWARC``) and count nothing here.
    public var bytesStored: Int
    /// Bytes of all unique bodies before compression.
    public var bytesDecoded: Int
    /// Unique bodies whose only copy is a WARC response record (WARC output on, schema v11).
    public var bodiesInWARC: Int = 0
    /// Compressed bytes of the captures' WARC response and revisit records (the archive's
    /// share of the WARC files; request, metadata and conversion records not counted).
    public var warcBytes: Int = 0
    /// Captures in the last 60 seconds.
    public var fetchesLastMinute: Int
    /// Unix time of the newest capture.
    public var lastFetchAt: Double?
    public var hosts: [Host]
    /// URLs robots.txt disallows (never requested).
    public var urlsBlocked: Int = 0
    /// Captures with an extracted article.
    public var articles: Int = 0
    /// Articles whose text nearly matches (SimHash) an earlier article under another URL.
    public var nearDuplicates: Int = 0
    /// Captures in the last 15 minutes (with `fetchesLastMinute`, the 1- and 15-minute rates).
    public var fetchesLast15Minutes: Int = 0
    /// The daemon's state from its heartbeat (nil only for a status built by hand).
    public var daemon: DaemonInfo?
    /// Revisits due now (queued or about to be) and due within the next hour.
    public var revisitsDueNow: Int = 0
    public var revisitsDueNextHour: Int = 0

    public init(
        urlsTotal: Int, urlsQueued: Int, urlsInFlight: Int, urlsDone: Int, urlsFailed: Int, captures: Int,
        uniqueBodies: Int, bytesStored: Int, bytesDecoded: Int, fetchesLastMinute: Int, lastFetchAt: Double?,
        hosts: [Host], urlsBlocked: Int = 0
    ) {
        self.urlsTotal = urlsTotal
        self.urlsQueued = urlsQueued
        self.urlsInFlight = urlsInFlight
        self.urlsDone = urlsDone
        self.urlsFailed = urlsFailed
        self.captures = captures
        self.uniqueBodies = uniqueBodies
        self.bytesStored = bytesStored
        self.bytesDecoded = bytesDecoded
        self.fetchesLastMinute = fetchesLastMinute
        self.lastFetchAt = lastFetchAt
        self.hosts = hosts
        self.urlsBlocked = urlsBlocked
    }

    /// One host's row in the per-host table.
    public struct Host: Sendable, Codable, Equatable {
        public var host: String
        public var queued: Int
        public var inFlight: Int
        public var fetched: Int
        public var errors: Int
        public var lastFetchAt: Double?
        /// URLs of this host robots.txt disallows.
        public var blocked: Int = 0
        /// The spacing between requests in force, in milliseconds (nil before the first fetch).
        public var delayMilliseconds: Double?
        /// Why the host waits: config, crawl-delay, adaptive, backoff, retry-after or parked.
        public var delayReason: String?
        /// Unix time before which no request to the host starts.
        public var nextAllowedAt: Double?
        /// Failed requests in a row.
        public var consecutiveFailures: Int = 0
        /// robots.txt: unknown, fetched, allow-all, disallow-all, last-good-copy or ignored.
        public var robots: String?
        /// robots.txt cache expiry, or its next attempt when disallow-all (unix time).
        public var robotsUntil: Double?
        /// Why robots.txt is allow-all or disallow-all ("HTTP 404", "HTTP 503", "timeout: …").
        public var robotsDetail: String?
        /// Failed captures by kind: HTTP status classes ("http_5xx", "http_429") and transport
        /// errors ("timeout", "connect", …).
        public var errorsByKind: [String: Int] = [:]
        /// Paused with `trawl pause --host` (nothing new is dispatched to it).
        public var paused: Bool = false
        /// Captures of first visits and of scheduled revisits.
        public var newFetches: Int = 0
        public var revisitFetches: Int = 0

        public init(
            host: String, queued: Int, inFlight: Int, fetched: Int, errors: Int, lastFetchAt: Double?,
            blocked: Int = 0, delayMilliseconds: Double? = nil, delayReason: String? = nil,
            nextAllowedAt: Double? = nil, consecutiveFailures: Int = 0, robots: String? = nil,
            robotsUntil: Double? = nil, robotsDetail: String? = nil, errorsByKind: [String: Int] = [:]
        ) {
            self.host = host
            self.queued = queued
            self.inFlight = inFlight
            self.fetched = fetched
            self.errors = errors
            self.lastFetchAt = lastFetchAt
            self.blocked = blocked
            self.delayMilliseconds = delayMilliseconds
            self.delayReason = delayReason
            self.nextAllowedAt = nextAllowedAt
            self.consecutiveFailures = consecutiveFailures
            self.robots = robots
            self.robotsUntil = robotsUntil
            self.robotsDetail = robotsDetail
            self.errorsByKind = errorsByKind
        }

        enum CodingKeys: String, CodingKey {
            case host, queued, fetched, errors, blocked, robots
            case inFlight = "in_flight"
            case lastFetchAt = "last_fetch_at"
            case delayMilliseconds = "delay_ms", delayReason = "delay_reason", nextAllowedAt = "next_allowed_at"
            case consecutiveFailures = "consecutive_failures", robotsUntil = "robots_until"
            case robotsDetail = "robots_detail", errorsByKind = "errors_by_kind", paused
            case newFetches = "new_fetches", revisitFetches = "revisit_fetches"
        }
    }

    enum CodingKeys: String, CodingKey {
        case urlsTotal = "urls_total", urlsQueued = "urls_queued", urlsInFlight = "urls_in_flight"
        case urlsDone = "urls_done", urlsFailed = "urls_failed", captures
        case uniqueBodies = "unique_bodies", bytesStored = "bytes_stored", bytesDecoded = "bytes_decoded"
        case bodiesInWARC = "bodies_in_warc", warcBytes = "warc_bytes"
        case fetchesLastMinute = "fetches_last_minute", lastFetchAt = "last_fetch_at", hosts
        case urlsBlocked = "urls_blocked", articles, nearDuplicates = "near_duplicates"
        case fetchesLast15Minutes = "fetches_last_15_minutes", daemon
        case revisitsDueNow = "revisits_due_now", revisitsDueNextHour = "revisits_due_next_hour"
    }
}
