import Foundation
import TrawlDB

/// The crawl's figures as Prometheus exposes them (`[metrics]`), read from the store so every
/// number is the archive's truth (and survives restarts: counters are totals, not per-process).
public struct MetricsFigures: Sendable, Equatable {
    /// Captures by status class: "2xx", "3xx", "4xx", "5xx", or "error" for transport failures.
    public var fetchesByClass: [String: Int] = [:]
    /// Decoded body bytes of all captures.
    public var bytes = 0
    /// URLs by frontier state: queued, in_flight, done, failed, blocked.
    public var urlsByState: [String: Int] = [:]
    /// Hosts by robots.txt state (fetched, allow-all, disallow-all, last-good-copy, ignored, unknown).
    public var robotsByState: [String: Int] = [:]
    /// Captures whose body was already stored under another capture (content-hash dedup).
    public var dedupHits = 0
    /// Hosts currently held back by backoff, retry-after or parking, with their failures in a row.
    public var backoffs: [(host: String, reason: String, failures: Int)] = []
    /// Revisits due now and within the next hour (continuous archiving).
    public var revisitsDueNow = 0
    public var revisitsDueNextHour = 0

    public static func == (a: MetricsFigures, b: MetricsFigures) -> Bool {
        a.fetchesByClass == b.fetchesByClass && a.bytes == b.bytes && a.urlsByState == b.urlsByState
            && a.robotsByState == b.robotsByState && a.dedupHits == b.dedupHits
            && a.revisitsDueNow == b.revisitsDueNow && a.revisitsDueNextHour == b.revisitsDueNextHour
            && a.backoffs.map { "\($0.host) \($0.reason) \($0.failures)" } == b.backoffs.map { "\($0.host) \($0.reason) \($0.failures)" }
    }
}

extension CrawlStore {
    /// Reads the figures for the metrics endpoint in one read transaction.
    public func metricsFigures(now: Date = Date()) throws -> MetricsFigures {
        try database.execute("BEGIN")
        defer { try? database.execute("COMMIT") }
        var figures = MetricsFigures()
        // Capture figures from the trigger-kept totals (v14): a scrape scans no captures.
        try database.cached(Self.captureClassesQuery).forEachRow {
            figures.fetchesByClass[$0.string(0) ?? "error"] = $0.int(1)
        }
        let totals = try captureTotals()
        figures.bytes = totals.decodedBytes
        figures.dedupHits = totals.withBody - totals.distinctBodies
        let names = ["queued", "in_flight", "done", "failed", "blocked"]
        for (state, count) in try urlCountsByState().enumerated() where names.indices.contains(state) {
            figures.urlsByState[names[state]] = count
        }
        try database.cached("SELECT coalesce(robots_state, 'unknown'), count(*) FROM hosts GROUP BY 1").forEachRow {
            figures.robotsByState[$0.string(0) ?? "unknown"] = $0.int(1)
        }
        figures.backoffs = try database.cached("""
            SELECT origin, delay_reason, failures FROM hosts
            WHERE delay_reason IN ('backoff', 'retry-after', 'parked') AND next_allowed_at > ? ORDER BY origin
            """).rows([now.timeIntervalSince1970]) { (host: $0.string(0) ?? "", reason: $0.string(1) ?? "", failures: $0.int(2)) }
        (figures.revisitsDueNow, figures.revisitsDueNextHour) = try revisitCounts(now: now.timeIntervalSince1970)
        return figures
    }

    /// Captures by status class, from the trigger-kept `capture_classes` (v14).
    static let captureClassesQuery = "SELECT class, captures FROM capture_classes WHERE captures > 0"
}
