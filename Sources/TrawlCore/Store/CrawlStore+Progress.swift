import Foundation
import TrawlDB

extension CrawlStore {
    /// The daemon's live figures (``CrawlProgress``), read in one snapshot. Cheap enough for the
    /// store's actor every few seconds beside the crawl's batches: no query reads `captures`
    /// beyond an index range (see ``progressQueries``); the totals come from `capture_totals` (v14).
    public func progress(now: Date = Date()) throws -> CrawlProgress {
        try database.execute("BEGIN")
        defer { try? database.execute("COMMIT") }
        let hosts = try database.cached(Self.progressQueries[0]).firstRow { $0.int(0) } ?? 0
        let byState = try urlCountsByState()
        let totals = try captureTotals()
        let recent = try database.cached(Self.progressQueries[3]).firstRow([now.timeIntervalSince1970 - 60]) { $0.int(0) } ?? 0
        return CrawlProgress(
            hosts: hosts, urlsQueued: byState[URLState.queued.rawValue], urlsInFlight: byState[URLState.inFlight.rawValue],
            urlsDone: byState[URLState.done.rawValue], urlsFailed: byState[URLState.failed.rawValue],
            captures: totals.captures, fetchesLastMinute: recent)
    }

    /// Every query ``progress(now:)`` runs, in order (the plan test checks none scans `captures`).
    static let progressQueries = [
        "SELECT count(*) FROM hosts",
        "SELECT state, count(*) FROM urls GROUP BY state",
        "SELECT captures, warc_bytes, decoded_bytes, with_body, distinct_bodies FROM capture_totals WHERE id = 1",
        "SELECT count(*) FROM captures WHERE fetched_at >= ?",
    ]

    /// URLs per state, indexed by `URLState.rawValue` (one of ``progressQueries``).
    func urlCountsByState() throws -> [Int] {
        var byState = [Int](repeating: 0, count: URLState.allCases.count)
        try database.cached(Self.progressQueries[1]).forEachRow {
            let state = $0.int(0)
            if byState.indices.contains(state) { byState[state] = $0.int(1) }
        }
        return byState
    }

    /// The totals of `captures`, kept by triggers in the writing transaction (v14).
    func captureTotals() throws -> CaptureTotals {
        try database.cached(Self.progressQueries[2]).firstRow {
            CaptureTotals(captures: $0.int(0), warcBytes: $0.int(1), decodedBytes: $0.int(2), withBody: $0.int(3),
                          distinctBodies: $0.int(4))
        } ?? CaptureTotals()
    }
}

/// The `capture_totals` row: what `count(*)`, `sum(warc_length)`, `sum(length)`,
/// `count(content_hash)` and `count(DISTINCT content_hash)` over `captures` would say.
struct CaptureTotals: Equatable {
    var captures = 0
    var warcBytes = 0
    var decodedBytes = 0
    var withBody = 0
    var distinctBodies = 0
}
