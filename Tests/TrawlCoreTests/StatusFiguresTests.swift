import Foundation
import Testing
@testable import TrawlCore
import TrawlTestSupport

/// The daemon's live figures (``CrawlProgress``, every 5 s on the store's actor) and
/// `trawl status`'s capture totals come from the trigger-kept `capture_totals` row (v14) and
/// indexes, never a scan of `captures`, and stay exactly what a full scan says.
@Suite("Status figures", .serialized)
struct StatusFiguresTests {
    /// The same figures by full scans, as `trawl status` used to read them.
    private func scanned(_ harness: CrawlHarness, now: Double) throws -> (progress: CrawlProgress, warcBytes: Int) {
        let states = try harness.query("SELECT state, count(*) FROM urls GROUP BY state") { ($0.int(0), $0.int(1)) }
        let byState = Dictionary(uniqueKeysWithValues: states)
        let captures = try harness.query("SELECT count(*), coalesce(sum(warc_length), 0) FROM captures") { ($0.int(0), $0.int(1)) }[0]
        let progress = CrawlProgress(
            hosts: try harness.query("SELECT count(*) FROM hosts") { $0.int(0) }[0],
            urlsQueued: byState[0] ?? 0, urlsInFlight: byState[1] ?? 0, urlsDone: byState[2] ?? 0, urlsFailed: byState[3] ?? 0,
            captures: captures.0,
            fetchesLastMinute: try harness.query("SELECT count(*) FROM captures WHERE fetched_at >= \(now - 60)") { $0.int(0) }[0])
        return (progress, captures.1)
    }

    private func expectExact(_ harness: CrawlHarness, _ when: Comment) async throws {
        let now = Date()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let progress = try await store.progress(now: now)
        let status = try await store.status(now: now)
        let metrics = try await store.metricsFigures(now: now)
        await store.close()
        let expected = try scanned(harness, now: now.timeIntervalSince1970)
        #expect(progress == expected.progress, when)
        #expect(status.captures == expected.progress.captures && status.warcBytes == expected.warcBytes, when)
        #expect(status.urlsDone == progress.urlsDone && status.hosts.count == progress.hosts, when)
        // The metrics endpoint's capture figures, against the scans it used to run per scrape.
        let classes = try harness.query("""
            SELECT CASE WHEN status IS NULL THEN 'error' ELSE (status / 100) || 'xx' END, count(*) FROM captures GROUP BY 1
            """) { ($0.string(0) ?? "", $0.int(1)) }
        #expect(metrics.fetchesByClass == Dictionary(uniqueKeysWithValues: classes), when)
        #expect(metrics.bytes == (try harness.query("SELECT coalesce(sum(length), 0) FROM captures") { $0.int(0) }[0]), when)
        #expect(metrics.dedupHits == (try harness.query(
            "SELECT count(content_hash) - count(DISTINCT content_hash) FROM captures") { $0.int(0) }[0]), when)
    }

    @Test("after a crawl with WARC output, after a restart and after WARC-loss recovery deleted captures, the live figures, trawl status's capture totals and the metrics' capture figures equal a full scan")
    func figuresStayExact() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 15, duplicates: 2))
        let harness = try CrawlHarness()
        var settings = CrawlHarness.settings()
        settings.warc = WARCSettings(directory: harness.folder.file("warc"))
        try await harness.crawl(seeds: servers.seeds, settings: settings)
        try await servers.shutdown()
        #expect(try harness.query("SELECT count(*) FROM captures WHERE warc_length > 0") { $0.int(0) }[0] > 30)
        #expect(try harness.query("SELECT count(content_hash) - count(DISTINCT content_hash) FROM captures") { $0.int(0) }[0] > 0,
                "duplicates make dedup hits")
        try await expectExact(harness, "after the crawl")
        #expect(throws: (any Error).self, "a counted column changed in place would make the totals drift") {
            try harness.query("UPDATE captures SET length = length + 1 RETURNING id") { $0.int(0) }
        }

        // A restart reads the same persisted totals; a recovery that lost every WARC file deletes every capture.
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let before = try await store.progress()
        #expect(try await store.dropLostCaptures(survivors: [:], existing: []) == before.captures)
        await store.close()
        try await expectExact(harness, "after the recovery")
        #expect(try harness.query("SELECT captures + warc_bytes + decoded_bytes + with_body + distinct_bodies FROM capture_totals") {
            $0.int(0)
        } == [0])
        #expect(try harness.query("SELECT sum(captures) FROM capture_classes") { $0.int(0) } == [0])
    }

    @Test("query plans: the live figures read captures only through an index range or the totals rows; trawl status's and the metrics' totals too")
    func noCaptureScans() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        await store.close()
        let totals = ["SELECT max(fetched_at) FROM captures", CrawlStore.captureClassesQuery]
        for sql in CrawlStore.progressQueries + totals {
            let plan = try harness.query("EXPLAIN QUERY PLAN " + sql) { $0.string(3) ?? "" }.joined(separator: "; ")
            #expect(!plan.contains("SCAN captures"), "\(sql): \(plan)")
        }
    }
}
