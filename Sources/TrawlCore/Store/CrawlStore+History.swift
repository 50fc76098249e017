import Foundation
import TrawlDB
import TrawlURL

extension CrawlStore {
    /// The visits and schedule of `url` (normalized as the frontier stores it); nil when the
    /// frontier does not know it. Found like ``insert(_:from:)`` finds it: under its origin's
    /// host, by hash and text.
    public func history(of url: String) throws -> URLHistory? {
        guard let key = Self.rowKey(of: url) else { return nil }
        guard var found = try database.cached("""
            SELECT id, state, next_visit_at, revisit_interval, last_visit_at, last_changed_at, failed_visits
            FROM urls WHERE \(Self.urlRowByText)
            """).firstRow(key, { row in
                (id: row.int64(0), history: URLHistory(
                    url: url, state: Self.stateName(row.int(1)), nextVisitAt: row.optionalDouble(2),
                    intervalSeconds: row.optionalDouble(3), lastVisitAt: row.optionalDouble(4),
                    lastChangedAt: row.optionalDouble(5), failedVisits: row.int(6), visits: []))
            })
        else { return nil }
        found.history.visits = try database.cached("""
            SELECT id, fetched_at, status, error_kind, revisit, changed, revisit_interval, length
            FROM captures WHERE url_id = ? ORDER BY fetched_at, id
            """).rows([found.id]) { row in
            URLHistory.Visit(
                captureID: row.int64(0), fetchedAt: row.double(1), status: row.optionalInt(2), errorKind: row.string(3),
                revisit: row.int(4) != 0, changed: row.optionalInt(5).map { $0 != 0 },
                intervalSeconds: row.optionalDouble(6), length: row.optionalInt(7))
        }
        return found.history
    }

    /// The condition that finds a URL's `urls` row from its text (parameters: ``rowKey(of:)``),
    /// as ``insert(_:from:)`` finds it: under its origin's host (`urls_host_url`), by hash and text.
    static let urlRowByText = "host_id = (SELECT id FROM hosts WHERE origin = ?) AND url_hash = ? AND url = ?"

    /// The parameters of ``urlRowByText`` for `url` (normalized as the frontier stores it); nil
    /// when it does not parse, so the frontier cannot hold it.
    static func rowKey(of url: String) -> [any SQLBindable]? {
        CrawlURL(url).map { [$0.origin, URLHash.of(url), url] }
    }

    /// Revisits due at `now` (queued, or due and not queued yet) and within the following hour,
    /// for `trawl status`.
    func revisitCounts(now: Double) throws -> (dueNow: Int, nextHour: Int) {
        let waiting = try database.cached("""
            SELECT coalesce(sum(next_visit_at <= ?), 0), coalesce(sum(next_visit_at > ?), 0)
            FROM urls INDEXED BY urls_next_visit WHERE next_visit_at <= ? AND state IN (2, 3)
            """).firstRow([now, now, now + 3600]) { (dueNow: $0.int(0), nextHour: $0.int(1)) } ?? (dueNow: 0, nextHour: 0)
        let queued = try database.cached("""
            SELECT count(*) FROM urls INDEXED BY urls_queued_revisits WHERE state = 0 AND last_visit_at IS NOT NULL
            """).firstRow { $0.int(0) } ?? 0
        return (waiting.dueNow + queued, waiting.nextHour)
    }

    /// Captures per host origin: first visits and revisits.
    func fetchesByKind() throws -> [String: (new: Int, revisits: Int)] {
        var counts: [String: (new: Int, revisits: Int)] = [:]
        try database.cached("""
            SELECT h.origin, c.revisit, count(*) FROM captures c JOIN urls u ON u.id = c.url_id
            JOIN hosts h ON h.id = u.host_id GROUP BY h.origin, c.revisit
            """).forEachRow { row in
            let origin = row.string(0) ?? ""
            var count = counts[origin] ?? (0, 0)
            if row.int(1) != 0 { count.revisits = row.int(2) } else { count.new = row.int(2) }
            counts[origin] = count
        }
        return counts
    }

    private static func stateName(_ state: Int) -> String {
        switch URLState(rawValue: state) {
        case .queued: "queued"
        case .inFlight: "in_flight"
        case .done: "done"
        case .failed: "failed"
        case .blocked: "blocked"
        case nil: "unknown"
        }
    }
}
