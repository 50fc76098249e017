/// Where a crawl stands: what `trawl status` prints (its JSON keys are a stable interface).
public struct CrawlStatus: Sendable, Codable, Equatable {
    public var urlsTotal: Int
    public var urlsQueued: Int
    public var urlsInFlight: Int
    public var urlsDone: Int
    public var urlsFailed: Int
    public var captures: Int
    public var uniqueBodies: Int
    /// Bytes of stored (compressed) bodies.
    public var bytesStored: Int
    /// Bytes of the bodies before compression.
    public var bytesDecoded: Int
    /// Captures in the last 60 seconds.
    public var fetchesLastMinute: Int
    /// Unix time of the newest capture.
    public var lastFetchAt: Double?
    public var hosts: [Host]

    /// One host's row in the per-host table.
    public struct Host: Sendable, Codable, Equatable {
        public var host: String
        public var queued: Int
        public var inFlight: Int
        public var fetched: Int
        public var errors: Int
        public var lastFetchAt: Double?

        enum CodingKeys: String, CodingKey {
            case host, queued, fetched, errors
            case inFlight = "in_flight"
            case lastFetchAt = "last_fetch_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case urlsTotal = "urls_total", urlsQueued = "urls_queued", urlsInFlight = "urls_in_flight"
        case urlsDone = "urls_done", urlsFailed = "urls_failed", captures
        case uniqueBodies = "unique_bodies", bytesStored = "bytes_stored", bytesDecoded = "bytes_decoded"
        case fetchesLastMinute = "fetches_last_minute", lastFetchAt = "last_fetch_at", hosts
    }
}
