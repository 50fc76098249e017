import Foundation
import Testing
@testable import TrawlApp
@testable import TrawlCore

/// What the store does with revisit schedules outside a normal visit: WARC-loss recovery,
/// `trawl drop`, visits that keep failing. No network: the store is driven directly.
@Suite("Revisit store")
struct RevisitStoreTests {
    private static let origin = "https://news.example"

    /// A fresh store with one fetched URL (`/home`) whose next visit is at 5000.
    private func fetchedURL(_ harness: CrawlHarness) async throws -> (store: CrawlStore, entry: FrontierEntry) {
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let entry = try #require(try await store.insert([Discovery(url: Self.origin + "/home", origin: Self.origin, depth: 0)], from: nil).first)
        _ = try harness.query("""
            UPDATE urls SET state = 2, last_visit_at = 1000, next_visit_at = 5000, revisit_interval = 4000,
                etag = '"v1"', last_modified = 'Sun, 29 Nov 2026 10:00:00 GMT', fingerprint = x'0102'
            WHERE id = \(entry.id) RETURNING id
            """) { $0.int(0) }
        return (store, entry)
    }

    @Test("WARC-loss recovery re-queues the URL without its validators and fingerprint: the refetch is unconditional and archives the body again")
    func lostCaptureRefetchIsUnconditional() async throws {
        let harness = try CrawlHarness()
        let (store, entry) = try await fetchedURL(harness)
        _ = try harness.query("""
            INSERT INTO captures(url_id, url, fetched_at, status, warc_file, warc_offset, warc_length)
            VALUES (\(entry.id), '\(entry.url)', 1000, 200, 'lost.warc.gz', 0, 100) RETURNING id
            """) { $0.int(0) }
        #expect(try await store.previousVisit(urlID: entry.id)?.conditionalHeaders.count == 2)
        #expect(try await store.dropLostCaptures(survivors: [:], existing: []) == 1)
        let previous = try #require(try await store.previousVisit(urlID: entry.id))
        #expect(previous.conditionalHeaders.isEmpty, "a conditional refetch would get a 304 referring to the lost record")
        #expect(previous.fingerprint == nil && previous.original == nil)
        let row = try #require(try harness.query("SELECT state, next_visit_at FROM urls WHERE id = \(entry.id)") {
            ($0.int(0), $0.optionalDouble(1))
        }.first)
        #expect(row.0 == 0 && row.1 == nil, "queued again, with no stale next visit")
        await store.close()
    }

    @Test("WARC-loss recovery drops the contents row of a body only a lost record held (the refetch adds it again); a body another capture or SQLite still holds keeps its row")
    func lostRecordTakesItsBodylessRow() async throws {
        let harness = try CrawlHarness()
        let (store, entry) = try await fetchedURL(harness)
        let other = try #require(try await store.insert([Discovery(url: Self.origin + "/other", origin: Self.origin, depth: 1)], from: nil).first)
        _ = try harness.query("""
            INSERT INTO contents(hash, size, encoding, body, first_seen) VALUES
                (x'AA', 10, 'warc', NULL, 1), (x'BB', 10, 'warc', NULL, 1), (x'CC', 1, 'identity', x'43', 1)
            RETURNING size
            """) { $0.int(0) }
        _ = try harness.query("""
            INSERT INTO captures(url_id, url, fetched_at, status, content_hash, warc_file, warc_offset, warc_length) VALUES
                (\(entry.id), '\(entry.url)', 1000, 200, x'AA', 'lost.warc.gz', 0, 100),
                (\(entry.id), '\(entry.url)', 1001, 200, x'BB', 'lost.warc.gz', 100, 100),
                (\(entry.id), '\(entry.url)', 1002, 200, x'CC', 'lost.warc.gz', 200, 100),
                (\(other.id), '\(other.url)', 1003, 200, x'BB', 'kept.warc.gz', 0, 100)
            RETURNING id
            """) { $0.int(0) }
        #expect(try await store.dropLostCaptures(survivors: [:], existing: ["kept.warc.gz"]) == 3)
        await store.close()
        let left = try harness.query("SELECT hex(hash) FROM contents ORDER BY hash") { $0.string(0) ?? "" }
        #expect(left == ["BB", "CC"], "AA was held by the lost record alone")
        #expect(try harness.query("PRAGMA foreign_key_check") { $0.string(0) }.isEmpty)
    }

    @Test("WARC-loss recovery also re-queues a capture whose surviving revisit record refers to a lost original: the body was only in the original, so no bodiless row is left behind")
    func revisitOfLostOriginalIsRefetched() async throws {
        let harness = try CrawlHarness()
        let (store, entry) = try await fetchedURL(harness)
        let other = try #require(try await store.insert([Discovery(url: Self.origin + "/other", origin: Self.origin, depth: 1)], from: nil).first)
        // a.warc.gz held the response (digest sha1:D, body AA); b.warc.gz, which survives, a revisit of it.
        _ = try harness.query("""
            INSERT INTO contents(hash, size, encoding, body, first_seen) VALUES (x'AA', 10, 'warc', NULL, 1) RETURNING size
            """) { $0.int(0) }
        _ = try harness.query("""
            INSERT INTO warc_digests(digest, record_id, target_uri, warc_date, warc_file, warc_offset)
            VALUES ('sha1:D', '<urn:uuid:1>', '\(entry.url)', '2026-11-29T10:00:00Z', 'a.warc.gz', 0) RETURNING digest
            """) { $0.string(0) }
        _ = try harness.query("""
            INSERT INTO captures(url_id, url, fetched_at, status, content_hash, warc_file, warc_offset, warc_length, warc_revisit_of)
            VALUES (\(entry.id), '\(entry.url)', 1000, 200, x'AA', 'a.warc.gz', 0, 100, NULL),
                   (\(other.id), '\(other.url)', 1001, 200, x'AA', 'b.warc.gz', 0, 100, 'sha1:D')
            RETURNING id
            """) { $0.int(0) }
        #expect(try await store.dropLostCaptures(survivors: [:], existing: ["b.warc.gz"]) == 2)
        await store.close()
        #expect(try harness.query("SELECT count(*) FROM captures") { $0.int(0) } == [0])
        #expect(try harness.query("SELECT count(*) FROM contents") { $0.int(0) } == [0], "AA is held by no record any more")
        #expect(try harness.query("SELECT state FROM urls ORDER BY id") { $0.int(0) } == [0, 0], "both refetched")
        #expect(try harness.query("PRAGMA foreign_key_check") { $0.string(0) }.isEmpty)
    }

    @Test("trawl drop while a fetch is in flight: its visit completes without a next visit, and a revisit held for it is forgotten")
    func dropStopsRevisits() async throws {
        let harness = try CrawlHarness()
        let (store, entry) = try await fetchedURL(harness)
        try await store.markInFlight([entry.id])
        _ = try await store.enqueueControl(.drop, host: Self.origin)
        let applied = try await store.applyPendingControl()
        #expect(applied.first?.hostIDs == [entry.hostID])
        var outcome = PageOutcome(
            entry: entry, disposition: .done, capture: Capture(fetchedAt: Date(timeIntervalSince1970: 6000), status: 200),
            content: nil, discoveries: [])
        outcome.visit = VisitRecord(change: .unchanged, visitedAt: 6000, interval: 60)
        _ = try await store.record(outcome)
        let next = try harness.query("SELECT next_visit_at, last_visit_at FROM urls WHERE id = \(entry.id)") {
            ($0.optionalDouble(0), $0.double(1))
        }
        #expect(next.first?.1 == 6000, "the visit itself is recorded")
        #expect(next.first?.0 == nil, "a dropped host is not revisited")
        await store.close()

        var handoff = RevisitHandoff()
        handoff.begin(entry.id)
        var revisit = entry
        revisit.isRevisit = true
        #expect(handoff.route([revisit]).isEmpty)
        handoff.forget(hostID: entry.hostID)
        #expect(handoff.finish(entry.id) == nil, "the held revisit of the dropped host is not handed over")
    }

    @Test("trawl history says revisits stopped after visits in a row without a usable answer")
    func historySaysGivenUp() async throws {
        let harness = try CrawlHarness()
        let (store, entry) = try await fetchedURL(harness)
        var outcome = PageOutcome(
            entry: entry, disposition: .failed, capture: Capture(fetchedAt: Date(timeIntervalSince1970: 6000), status: 503),
            content: nil, discoveries: [])
        outcome.visit = VisitRecord(change: .unknown, visitedAt: 6000, interval: nil, failedVisits: 5)
        _ = try await store.record(outcome)
        let history = try #require(try await store.history(of: entry.url))
        await store.close()
        #expect(history.failedVisits == 5 && history.nextVisitAt == nil)
        let schedule = HistoryRenderer().render(history)[0]
        #expect(schedule.contains("revisits stopped after 5 visits in a row without a usable answer"), "\(schedule)")
    }

    @Test("reconcile: a changed every restarts the interval from the last visit, an unchanged rule keeps the adapted one; given-up URLs and dropped hosts stay unscheduled")
    func reconcileFollowsRules() async throws {
        let harness = try CrawlHarness()
        let (store, entry) = try await fetchedURL(harness)  // /home: last 1000, next 5000, interval 4000
        let others = try await store.insert(["/kept", "/gaveup"].map {
            Discovery(url: Self.origin + $0, origin: Self.origin, depth: 1)
        }, from: nil)
        let dropped = try #require(try await store.insert(
            [Discovery(url: "https://spam.example/x", origin: "https://spam.example", depth: 0)], from: nil).first)
        _ = try harness.query("""
            UPDATE urls SET state = 2, last_visit_at = 1000, revisit_interval = 300, revisit_every = 200,
                next_visit_at = CASE url WHEN '\(Self.origin)/kept' THEN 1300 END,
                failed_visits = CASE url WHEN '\(Self.origin)/gaveup' THEN 5 ELSE 0 END
            WHERE id IN (\(others[0].id), \(others[1].id), \(dropped.id)) RETURNING id
            """) { $0.int(0) }
        _ = try harness.query("UPDATE hosts SET dropped_at = 1 WHERE id = \(dropped.hostID) RETURNING id") { $0.int(0) }
        let policy = RevisitPolicy(rules: [try Scope.Pattern("/home$")].map { RevisitPolicy.Rule(pattern: $0, every: 60) }, defaultEvery: 200)
        var after: Int64 = 0
        while let last = try await store.reconcileSchedules(policy, after: after, chunk: 1).last { after = last }
        await store.close()
        let next = Dictionary(uniqueKeysWithValues: try harness.query("SELECT url, next_visit_at FROM urls") {
            ($0.string(0) ?? "", $0.optionalDouble(1))
        })
        #expect(next[entry.url] == 1060, "every shortened (none recorded) -> last visit + the new every")
        #expect(next[Self.origin + "/kept"] == 1300, "same every: the adapted interval stays")
        #expect(next[Self.origin + "/gaveup"] == .some(nil), "given up after failed visits")
        #expect(next["https://spam.example/x"] == .some(nil), "a dropped host is not revisited")
    }

    @Test("trawl show after a 304 revisit shows the answer it confirmed (newest non-304 capture), with the count of all captures")
    func showPrefersAnswerOver304() async throws {
        let harness = try CrawlHarness()
        let (store, entry) = try await fetchedURL(harness)
        _ = try harness.query("""
            INSERT INTO captures(url_id, url, fetched_at, status, length) VALUES
                (\(entry.id), '\(entry.url)', 1000, 200, 512), (\(entry.id), '\(entry.url)', 2000, 304, NULL)
            RETURNING id
            """) { $0.int(0) }
        let shown = try #require(try await store.latestCapture(of: entry.url))
        await store.close()
        #expect(shown.status == 200 && shown.fetchedAt == 1000 && shown.length == 512)
        #expect(shown.captureCount == 2)
    }
}
