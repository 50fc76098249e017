import Foundation
import TrawlDB
import TrawlWARC

extension CrawlStore {
    /// Puts fetched URLs whose next visit is due (at or before `now`, unix seconds) back in
    /// the queue, at most `limit` of them, earliest first, and returns them as revisit entries
    /// with the time the next one falls due (`now` when more are due already; nil when none
    /// is scheduled). A queued revisit has no `next_visit_at` (its visit sets the next one), so
    /// the `urls_next_visit` index holds only what is waiting: each look reads just the due rows.
    func promoteDueRevisits(now: Double, limit: Int) throws -> (entries: [FrontierEntry], nextDue: Double?) {
        try transaction {
            let entries = try database.cached("""
                SELECT u.id, u.url, u.host_id, h.origin, u.depth, u.redirects
                FROM urls u INDEXED BY urls_next_visit JOIN hosts h ON h.id = u.host_id
                WHERE u.next_visit_at <= ? AND u.state IN (2, 3) ORDER BY u.next_visit_at LIMIT ?
                """).rows([now, limit]) {
                FrontierEntry(
                    id: $0.int64(0), url: $0.string(1) ?? "", hostID: $0.int64(2), origin: $0.string(3) ?? "",
                    depth: $0.int(4), redirects: $0.int(5), attempts: 0, notBefore: 0, isRevisit: true)
            }
            let queue = try database.cached(
                "UPDATE urls SET state = 0, attempts = 0, next_attempt_at = 0, next_visit_at = NULL WHERE id = ?")
            for entry in entries { try queue.run([entry.id]) }
            if entries.count >= limit { return (entries, now) }
            return (entries, try nextRevisitDue(after: now))
        }
    }

    /// The earliest next visit of a fetched URL after `now`, if any.
    func nextRevisitDue(after now: Double) throws -> Double? {
        try database.cached("""
            SELECT min(next_visit_at) FROM urls INDEXED BY urls_next_visit WHERE next_visit_at > ? AND state IN (2, 3)
            """).firstRow([now]) { $0.optionalDouble(0) } ?? nil
    }

    /// What a revisit needs from the URL's earlier visits: validators, interval, fingerprint,
    /// and the WARC original of its last 200 answer.
    func previousVisit(urlID: Int64) throws -> PreviousVisit? {
        guard var visit = try database.cached("""
            SELECT revisit_interval, fingerprint, etag, last_modified, failed_visits FROM urls WHERE id = ?
            """).firstRow([urlID], {
                PreviousVisit(
                    interval: $0.optionalDouble(0), fingerprint: $0.blob(1), etag: $0.string(2), lastModified: $0.string(3),
                    failedVisits: $0.int(4))
            })
        else { return nil }
        let digest = try database.cached("""
            SELECT warc_payload_digest FROM captures
            WHERE url_id = ? AND status = 200 AND warc_payload_digest IS NOT NULL ORDER BY id DESC LIMIT 1
            """).firstRow([urlID]) { $0.string(0) } ?? nil
        if let digest { visit.original = try warcOriginals([digest])[digest] }
        return visit
    }

    /// Writes a completed visit's effect on its URL's schedule (inside the current transaction),
    /// with the fetch's new URL state when given (both in one statement: the row is rewritten,
    /// and its indexes updated, once). A URL of a host dropped meanwhile (`trawl drop` while it
    /// was in flight) gets no next visit.
    func writeVisit(_ visit: VisitRecord, urlID: Int64, state: URLStateUpdate? = nil) throws {
        let changedAt: Double? = visit.change == .changed || visit.change == .first ? visit.visitedAt : nil
        let visitValues: [any SQLBindable] = [
            visit.nextVisitAt, visit.interval, visit.every, visit.visitedAt, visit.failedVisits, changedAt, visit.fingerprint,
            visit.validators != nil, visit.validators?.etag, visit.validators != nil, visit.validators?.lastModified,
        ]
        try database.cached("""
            UPDATE urls SET \(state == nil ? "" : URLStateUpdate.assignments + ",")
                next_visit_at = CASE WHEN (SELECT dropped_at FROM hosts WHERE hosts.id = urls.host_id) IS NULL THEN ? END,
                revisit_interval = ?, revisit_every = ?, last_visit_at = ?, failed_visits = ?,
                last_changed_at = coalesce(?, last_changed_at), fingerprint = coalesce(?, fingerprint),
                etag = CASE WHEN ? THEN ? ELSE etag END, last_modified = CASE WHEN ? THEN ? ELSE last_modified END
            WHERE id = ?
            """).run((state?.values ?? []) + visitValues + [urlID])
    }

    /// A URL that will not be visited again (blocked, dropped): no next visit.
    func cancelVisits(urlID: Int64) throws {
        try database.cached("UPDATE urls SET next_visit_at = NULL WHERE id = ? AND next_visit_at IS NOT NULL").run([urlID])
    }
}
