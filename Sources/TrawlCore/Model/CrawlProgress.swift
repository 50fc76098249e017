/// The figures the daemon's live status needs every few seconds (`STATUS=` for `systemctl
/// status`, the progress log line): `trawl status`'s headline numbers without its per-host
/// table, error breakdowns or byte sums, each read from an index or a one-row table.
public struct CrawlProgress: Sendable, Equatable {
    /// Known hosts (origins).
    public var hosts: Int
    public var urlsQueued: Int
    public var urlsInFlight: Int
    public var urlsDone: Int
    public var urlsFailed: Int
    /// Captures in the archive (the rate of the status line is taken from its growth).
    public var captures: Int
    /// Captures in the last 60 seconds.
    public var fetchesLastMinute: Int

    public init(hosts: Int, urlsQueued: Int, urlsInFlight: Int, urlsDone: Int, urlsFailed: Int, captures: Int,
                fetchesLastMinute: Int) {
        self.hosts = hosts
        self.urlsQueued = urlsQueued
        self.urlsInFlight = urlsInFlight
        self.urlsDone = urlsDone
        self.urlsFailed = urlsFailed
        self.captures = captures
        self.fetchesLastMinute = fetchesLastMinute
    }
}
