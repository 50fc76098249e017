import Foundation
import TrawlDB

extension CrawlStore {
    /// Writes one host's politeness (and, when present, robots) state inside the current transaction.
    func write(_ state: HostSnapshot) throws {
        try database.cached("""
            UPDATE hosts SET delay_ms = ?, delay_reason = ?, next_allowed_at = ?, failures = ? WHERE id = ?
            """).run([state.delayMilliseconds, state.delayReason, state.nextAllowedAt, state.failures, state.hostID])
        guard let robots = state.robots else { return }
        try database.cached("""
            UPDATE hosts SET robots_state = ?, robots_until = ?, robots_detail = ?, robots_body = ?,
                             robots_fetched_at = ?, robots_unreachable_since = ?
            WHERE id = ?
            """).run([
                robots.state.rawValue, robots.until, robots.detail, robots.body, robots.fetchedAt,
                robots.unreachableSince, state.hostID,
            ])
    }

    /// The politeness and robots state earlier runs left for each host.
    func savedHosts() throws -> [HostSnapshot] {
        try database.cached("""
            SELECT id, delay_ms, delay_reason, next_allowed_at, failures, robots_state, robots_until,
                   robots_detail, robots_body, robots_fetched_at, robots_unreachable_since
            FROM hosts WHERE delay_reason IS NOT NULL OR robots_state IS NOT NULL
            """).rows {
            var robots: HostRobots.Saved?
            if let raw = $0.string(5), let state = HostRobots.State(rawValue: raw) {
                robots = HostRobots.Saved(
                    state: state, until: $0.double(6), body: $0.isNull(8) ? nil : $0.blob(8),
                    fetchedAt: $0.optionalDouble(9), unreachableSince: $0.optionalDouble(10), detail: $0.string(7))
            }
            return HostSnapshot(
                hostID: $0.int64(0), delayMilliseconds: $0.double(1), delayReason: $0.string(2) ?? "config",
                nextAllowedAt: $0.double(3), failures: $0.int(4), robots: robots)
        }
    }
}
