import Foundation
import Testing
@testable import TrawlCore
import TrawlDB
import TrawlHTML

/// How one batch of outcomes lands in `urls` and `hosts`: each URL's state and its visit's
/// schedule written together, the host's last fetch once per batch. No network: the store is
/// driven directly, with a batch that commits when its third outcome arrives.
@Suite("Store batch writes")
struct StoreBatchWriteTests {
    private static let origin = "https://news.example"

    @Test("outcomes committed in one batch: each URL gets its state, attempts and visit schedule; the host's last_fetch_at is the batch's latest fetch, not its last-written one")
    func batchWritesStateVisitAndLatestFetch() async throws {
        let harness = try CrawlHarness()
        // Commits only when 3 outcomes wait (the delay is far longer than the test).
        let store = try await Self.storeHoldingBatches(harness, batchSize: 3)
        let entries = try await Self.insert(["/a", "/b", "/c"], into: store)
        try #require(entries.count == 3)
        try await store.markInFlight(entries.map(\.id))

        func outcome(_ entry: FrontierEntry, _ disposition: PageOutcome.Disposition, fetchedAt: Double, status: Int?,
                     visit: VisitRecord?) -> PageOutcome {
            var outcome = PageOutcome(
                entry: entry, disposition: disposition,
                capture: Capture(fetchedAt: Date(timeIntervalSince1970: fetchedAt), status: status,
                                 error: status == nil ? "connection refused" : nil),
                content: nil, discoveries: [])
            outcome.visit = visit
            return outcome
        }
        let outcomes = [
            // fetched last, recorded second: its time must win
            outcome(entries[0], .done, fetchedAt: 5000, status: 200,
                    visit: VisitRecord(change: .first, visitedAt: 5000, interval: 600, fingerprint: [1, 2])),
            outcome(entries[1], .retry(at: 9000), fetchedAt: 3000, status: nil,
                    visit: VisitRecord(change: .unknown, visitedAt: 3000, interval: nil, failedVisits: 1)),
            outcome(entries[2], .failed, fetchedAt: 4000, status: 404, visit: nil),
        ]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, item) in outcomes.enumerated() {
                group.addTask {
                    // in this order: the 5000 fetch is written before the 3000 and 4000 ones
                    if index > 0 { try await Self.waitUntilPending(store, count: index) }
                    _ = try await store.record(item)
                }
            }
            try await group.waitForAll()
        }
        await store.close()

        let rows = try harness.query("""
            SELECT state, attempts, next_attempt_at, last_error, last_visit_at, next_visit_at, failed_visits, hex(fingerprint)
            FROM urls ORDER BY id
            """) { ($0.int(0), $0.int(1), $0.double(2), $0.string(3), $0.optionalDouble(4), $0.optionalDouble(5), $0.int(6), $0.string(7)) }
        try #require(rows.count == 3)
        #expect(rows[0].0 == URLState.done.rawValue && rows[0].1 == 1 && rows[0].3 == nil)
        #expect(rows[0].4 == 5000 && rows[0].5 == 5600 && rows[0].7 == "0102", "the visit's schedule, with the state")
        #expect(rows[1].0 == URLState.queued.rawValue && rows[1].2 == 9000 && rows[1].3 == "connection refused")
        #expect(rows[1].4 == 3000 && rows[1].5 == nil && rows[1].6 == 1)
        #expect(rows[2].0 == URLState.failed.rawValue && rows[2].4 == nil, "no visit: state only")
        let lastFetch = try harness.query("SELECT last_fetch_at FROM hosts WHERE origin = '\(Self.origin)'") { $0.double(0) }
        #expect(lastFetch == [5000])
    }

    @Test("a batch's articles enter the full-text index as one FTS5 segment, written at the commit (indexed between the batch's capture inserts, each article became a segment of its own), and are found by search")
    func batchArticlesAreOneFullTextSegment() async throws {
        let harness = try CrawlHarness()
        let count = 6
        let store = try await Self.storeHoldingBatches(harness, batchSize: count)
        // No merging, so the segments written are the segments counted.
        let settings = try Database(path: harness.database)
        defer { settings.close() }
        try settings.execute("""
            INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 0);
            INSERT INTO articles_fts(articles_fts, rank) VALUES ('crisismerge', 64);
            """)
        let entries = try await store.insert(
            (0..<count).map { Discovery(url: Self.origin + "/story-\($0)", origin: Self.origin, depth: 1) }, from: nil)
        try #require(entries.count == count)
        try await store.markInFlight(entries.map(\.id))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, entry) in entries.enumerated() {
                var outcome = PageOutcome(
                    entry: entry, disposition: .done,
                    capture: Capture(fetchedAt: Date(timeIntervalSince1970: 1000 + Double(index)), status: 200),
                    content: nil, discoveries: [])
                outcome.article = ExtractedArticle(
                    article: Article(title: "Story \(index)", text: "Harbour cranes number \(index) unloaded grain today."),
                    simhash: nil)
                group.addTask { _ = try await store.record(outcome) }
            }
            try await group.waitForAll()
        }
        let hits = try await store.searchArticles("harbour cranes", limit: 10)
        await store.close()

        // FTS5 data rows of segments have ids (segment id << 37) + page; 1 and 10 are its own records.
        let segments = try harness.query("SELECT count(DISTINCT id >> 37) FROM articles_fts_data WHERE id > 10") { $0.int(0) }
        #expect(segments == [1])
        #expect(hits.count == count)
    }

    @Test("queued in-flight marks wait for the next batch and are written before its outcomes: nothing is committed before the batch, then each URL is done with one attempt (a mark written after the outcomes would leave it in flight, a lost one with no attempt)")
    func queuedMarksJoinTheBatchBeforeItsOutcomes() async throws {
        let harness = try CrawlHarness()
        let store = try await Self.storeHoldingBatches(harness, batchSize: 2)
        let entries = try await Self.insert(["/a", "/b"], into: store)
        try #require(entries.count == 2)
        store.queueInFlight(entries.map(\.id))
        let beforeBatch = try Self.statesAndAttempts(harness)
        #expect(beforeBatch == [[0, 0], [0, 0]], "the marks are not a transaction of their own")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for entry in entries {
                let outcome = PageOutcome(
                    entry: entry, disposition: .done,
                    capture: Capture(fetchedAt: Date(timeIntervalSince1970: 1000), status: 200), content: nil, discoveries: [])
                group.addTask { _ = try await store.record(outcome) }
            }
            try await group.waitForAll()
        }
        await store.close()
        let rows = try Self.statesAndAttempts(harness)
        #expect(rows == [[URLState.done.rawValue, 1], [URLState.done.rawValue, 1]])
    }

    @Test("in-flight marks queued with no outcome after them are committed when the store closes (a flush that looked only at outcomes dropped them)")
    func queuedMarksAloneAreCommittedAtClose() async throws {
        let harness = try CrawlHarness()
        let store = try await Self.storeHoldingBatches(harness, batchSize: 64)
        let entries = try await Self.insert(["/a", "/b"], into: store)
        store.queueInFlight([entries[1].id])
        await store.close()
        let rows = try Self.statesAndAttempts(harness)
        #expect(rows == [[URLState.queued.rawValue, 0], [URLState.inFlight.rawValue, 1]])
    }

    @Test("queued in-flight marks are written by the store's next write transaction of any kind, first (a drop or re-queue written before them would be overwritten)")
    func queuedMarksRideOnTheNextTransaction() async throws {
        let harness = try CrawlHarness()
        let store = try await Self.storeHoldingBatches(harness, batchSize: 64)
        let entries = try await Self.insert(["/a"], into: store)
        store.queueInFlight([entries[0].id])
        try await store.addSeeds([(url: Self.origin + "/b", origin: Self.origin)], source: "test")  // a transaction
        let marked = try Self.statesAndAttempts(harness, id: entries[0].id)
        await store.close()
        #expect(marked == [[URLState.inFlight.rawValue, 1]])
    }

    @Test("a host's state noted without awaiting the store's actor is committed by a flush the deposit asks for itself, the later of two snapshots winning (no outcome, no close needed)")
    func notedHostStateFlushesItself() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(
            path: harness.database, logger: CrawlHarness.quietLogger, batchSize: 64, batchDelay: .milliseconds(5))
        let entries = try await Self.insert(["/a"], into: store)
        let hostID = try #require(entries.first?.hostID)
        func snapshot(_ failures: Int) -> HostSnapshot {
            HostSnapshot(hostID: hostID, delayMilliseconds: 250, delayReason: "config", nextAllowedAt: 1_000 + Double(failures),
                         failures: failures, robots: nil)
        }
        store.noteHost(snapshot(1))
        store.noteHost(snapshot(2))
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        var rows: [[Double]] = []
        while rows != [[250, 1_002, 2]], ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
            rows = try harness.query("SELECT delay_ms, next_allowed_at, failures FROM hosts WHERE id = \(hostID)") {
                [$0.double(0), $0.double(1), Double($0.int(2))]
            }
        }
        await store.close()
        #expect(rows == [[250, 1_002, 2]], "the later snapshot, committed without a close")
    }

    /// Polls until `count` outcomes wait in the store's batch (generous timeout, no fixed sleep).
    private static func waitUntilPending(_ store: CrawlStore, count: Int) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while await store.pending.count < count {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Inserts these paths of ``origin`` as new URLs at depth 1; returns their frontier entries.
    private static func insert(_ paths: [String], into store: CrawlStore) async throws -> [FrontierEntry] {
        try await store.insert(paths.map { Discovery(url: origin + $0, origin: origin, depth: 1) }, from: nil)
    }

    /// Each URL's (state, attempts), in id order; one URL's when `id` is given.
    private static func statesAndAttempts(_ harness: CrawlHarness, id: Int64? = nil) throws -> [[Int]] {
        try harness.query("SELECT state, attempts FROM urls \(id.map { "WHERE id = \($0)" } ?? "") ORDER BY id") {
            [$0.int(0), $0.int(1)]
        }
    }

    /// A store whose batches commit only when full, on close or with another write transaction
    /// (the flush timer is 10 minutes): what a test sees committed is what those wrote.
    static func storeHoldingBatches(_ harness: CrawlHarness, batchSize: Int) async throws -> CrawlStore {
        try await CrawlStore.open(
            path: harness.database, logger: CrawlHarness.quietLogger, batchSize: batchSize, batchDelay: .seconds(600))
    }
}
