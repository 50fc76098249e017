import Foundation
import TrawlDB

extension CrawlStore {
    /// Brings the schedules of fetched URLs in line with `policy` (at start and on reload), for
    /// the `chunk` URLs after id `after`; returns the last id read (nil: done) and the earliest
    /// next visit it set. A URL whose rule's `every` changed (or that had none) starts again
    /// from the new `every` after its last visit; one whose rule is unchanged keeps its adapted
    /// interval, within the rule's bounds; one no rule revisits any more loses its next visit.
    /// Dropped hosts, blocked URLs and URLs given up (``RevisitPolicy/giveUpAfter``) stay
    /// unscheduled; queued revisits are left to their visit. One transaction per chunk, so the
    /// crawl's own writes interleave.
    func reconcileSchedules(
        _ policy: RevisitPolicy, after: Int64, chunk: Int
    ) throws -> (last: Int64?, earliest: Double?) {
        try transaction {
            let rows = try database.cached("""
                SELECT id, url, last_visit_at, next_visit_at, revisit_interval, revisit_every FROM urls
                WHERE id > ? AND state IN (2, 3) AND last_visit_at IS NOT NULL AND failed_visits < ?
                    AND host_id NOT IN (SELECT id FROM hosts WHERE dropped_at IS NOT NULL)
                ORDER BY id LIMIT ?
                """).rows([after, policy.giveUpAfter, chunk]) {
                (id: $0.int64(0), url: $0.string(1) ?? "", last: $0.double(2), next: $0.optionalDouble(3),
                 interval: $0.optionalDouble(4), every: $0.optionalDouble(5))
            }
            let update = try database.cached(
                "UPDATE urls SET next_visit_at = ?, revisit_interval = ?, revisit_every = ? WHERE id = ?")
            var earliest: Double?
            for row in rows {
                let bounds = policy.bounds(for: row.url)
                var next: Double?, interval: Double?
                if let bounds {
                    if let adapted = row.interval, bounds.every == row.every {
                        let kept = min(max(adapted, bounds.floor), bounds.ceiling)
                        (next, interval) = (min(row.next ?? .infinity, row.last + kept), kept)
                    } else {
                        (next, interval) = (row.last + bounds.every, bounds.every)
                    }
                }
                guard next != row.next || interval != row.interval || bounds?.every != row.every else { continue }
                try update.run([next, interval, bounds?.every, row.id])
                if let next { earliest = min(earliest ?? next, next) }
            }
            return (rows.count < chunk ? nil : rows.last?.id, earliest)
        }
    }
}
