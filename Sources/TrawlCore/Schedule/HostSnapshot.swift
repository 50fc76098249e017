/// A host's politeness and robots state as the store keeps it (for `trawl status` and the next run).
struct HostSnapshot: Sendable, Equatable {
    var hostID: Int64
    /// The spacing in force (config, Crawl-delay or adaptive), in milliseconds.
    var delayMilliseconds: Double
    /// Why the host waits: a ``HostPoliteness/Reason`` raw value.
    var delayReason: String
    /// Unix time before which no request may start.
    var nextAllowedAt: Double
    /// Failed requests in a row.
    var failures: Int
    /// The robots state, when it changed since the last snapshot (its body is large).
    var robots: HostRobots.Saved?

    /// Merges a later snapshot of the same host: its politeness wins, robots state if it has one.
    func merged(with later: HostSnapshot) -> HostSnapshot {
        var result = later
        if result.robots == nil { result.robots = robots }
        return result
    }
}
