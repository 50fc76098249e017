import Foundation
import Testing
@testable import TrawlCore
import TrawlDB
import TrawlHTML

/// Schema v18: the full-text index merges 16 segments at a time (FTS5 `automerge`), in steps
/// spread over commits (`crisismerge` 64), kept in the index's config table. An archive from v17
/// keeps every row and stays searchable.
@Suite("store migration (v18)")
struct StoreV18MigrationTests {
    private static let origin = "http://a.example"

    @Test("v18 keeps every row and sets automerge 16 and crisismerge 64 in articles_fts_config; 12 batches with large articles stay 12 segments (FTS5's default automerge 4 merges them down to ~5), and old and new articles are all found")
    func upgradeFromV17() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v17.sqlite")
        let old = try Database.migrated(path: path, toVersion: 17)
        try old.execute("INSERT INTO hosts(id, origin, first_seen) VALUES (1, '\(Self.origin)', 0)")
        for id in Int64(1)...2 {
            let url = "\(Self.origin)/old-\(id)"
            try old.prepare("INSERT INTO urls(id, url, url_hash, host_id, depth, state, discovered_at) VALUES (?, ?, ?, 1, 0, 2, 0)")
                .run([id, url, URLHash.of(url)])
            try old.prepare("INSERT INTO captures(id, url_id, url, fetched_at, status) VALUES (?, ?, ?, 1, 200)").run([id, id, url])
            try old.prepare("""
                INSERT INTO articles(capture_id, url, title, text, word_count, simhash) VALUES (?, ?, 'Old', 'harbour cranes', 2, ?)
                """).run([id, url, id])
            try old.prepare("INSERT INTO articles_fts(rowid, title, text) VALUES (?, 'Old', 'harbour cranes')").run([id])
        }
        try old.execute("UPDATE capture_totals SET captures = 2")
        try old.execute("INSERT INTO capture_classes(class, captures) VALUES ('2xx', 2)")
        old.close()

        // One article per batch (so one segment per commit), each with enough distinct terms
        // for FTS5's merge work to start (it merges in units of 64 leaf pages written).
        let store = try await CrawlStore.open(path: path, logger: CrawlHarness.quietLogger, batchSize: 1)
        let batches = 12
        try await Self.recordArticles(batches, path: "/new-", in: store) { index in
            (title: "New \(index)", text: "harbour cranes " + (0..<6000).map { "w\(index)x\($0)" }.joined(separator: " "))
        }
        let hits = try await store.searchArticles("harbour cranes", limit: 100)
        let rare = try await store.searchArticles("w7x5999", limit: 10)
        await store.close()

        let db = try Database(path: path)
        defer { db.close() }
        #expect(try db.userVersion == Schema.migrator.migrations.count)
        let config = try db.prepare("SELECT k, v FROM articles_fts_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k")
            .rows { "\($0.string(0) ?? "") \($0.int(1))" }
        #expect(config == ["automerge 16", "crisismerge 64"])
        let oldRows = try db.prepare("SELECT capture_id, url, text FROM articles WHERE capture_id <= 2 ORDER BY capture_id")
            .rows { "\($0.int64(0)) \($0.string(1) ?? "") \($0.string(2) ?? "")" }
        #expect(oldRows == ["1 \(Self.origin)/old-1 harbour cranes", "2 \(Self.origin)/old-2 harbour cranes"])
        #expect(try db.prepare("SELECT count(*) FROM articles").firstRow { $0.int(0) } == batches + 2)
        #expect(try db.prepare("SELECT captures FROM capture_totals").firstRow { $0.int(0) } == batches + 2)
        // FTS5 data rows of segments have ids (segment id << 37) + page; 1 and 10 are its own records.
        let segments = try db.prepare("SELECT count(DISTINCT id >> 37) FROM articles_fts_data WHERE id > 10").firstRow { $0.int(0) }
        #expect(segments == batches + 2, "the old rows' two segments (each its own commit) and one per batch, none merged")
        #expect(hits.count == batches + 2, "old and new articles are found")
        #expect(rare.map(\.url) == [Self.origin + "/new-7"])
        try db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    }

    @Test("no commit merges a whole level of the full-text index at once: after 20 one-article batches all 20 segments are there (with crisismerge 16 the 16th commit merged all 16 into one; at a large archive's top level that rewrites the whole index in one commit)")
    func mergesAreSpreadOverCommits() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger, batchSize: 1)
        let batches = 20
        try await Self.recordArticles(batches, path: "/story-", in: store) { index in
            (title: "Story \(index)", text: "Harbour cranes number \(index) unloaded grain today.")
        }
        let hits = try await store.searchArticles("harbour cranes", limit: 100)
        await store.close()
        let segments = try harness.query("SELECT count(DISTINCT id >> 37) FROM articles_fts_data WHERE id > 10") { $0.int(0) }
        #expect(segments == [batches])
        #expect(hits.count == batches)
    }

    /// Queues `count` URLs (`origin` + `path` + index) and records each fetched with the article
    /// `article(index)`, one `record` per page (one commit, so one FTS5 segment, each when the
    /// store's batch size is 1).
    private static func recordArticles(
        _ count: Int, path: String, in store: CrawlStore, article: (Int) -> (title: String, text: String)
    ) async throws {
        let entries = try await store.insert(
            (0..<count).map { Discovery(url: origin + path + "\($0)", origin: origin, depth: 1) }, from: nil)
        try #require(entries.count == count)
        try await store.markInFlight(entries.map(\.id))
        for (index, entry) in entries.enumerated() {
            var outcome = PageOutcome(
                entry: entry, disposition: .done,
                capture: Capture(fetchedAt: Date(timeIntervalSince1970: 10 + Double(index)), status: 200),
                content: nil, discoveries: [])
            let (title, text) = article(index)
            outcome.article = ExtractedArticle(article: Article(title: title, text: text), simhash: nil)
            _ = try await store.record(outcome)
        }
    }
}
