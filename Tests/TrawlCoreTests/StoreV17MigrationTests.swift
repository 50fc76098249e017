import Foundation
import Testing
@testable import TrawlCore
import TrawlDB
import TrawlHTML

/// Schema v17: the capture totals written per batch by the store (no insert trigger), the
/// near-duplicate index in 16-bit blocks, the digest index in write order, no `articles_url`;
/// an archive from v16 keeps every row and its near-duplicates are still found.
@Suite("store migration (v17)")
struct StoreV17MigrationTests {
    private static let origin = "http://a.example"

    @Test("v17 keeps every row, rebuilds article_bands as 4 block keys per article, indexes warc_digests by (file, offset), drops articles_url and the insert trigger; a new article 7 bits from an old one is its near-duplicate, and the totals stay what a scan says")
    func upgradeFromV16() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v16.sqlite")
        let old = try Database.migrated(path: path, toVersion: 16)
        // Two archived articles as v15 and v16 wrote them (8 bands of 8 bits each, rows via the v14 trigger).
        let hashes: [UInt64] = [0xF0E1_D2C3_B4A5_9687, 0x0123_4567_89AB_CDEF]
        try old.execute("INSERT INTO hosts(id, origin, first_seen) VALUES (1, '\(Self.origin)', 0)")
        for (index, hash) in hashes.enumerated() {
            let id = Int64(index + 1)
            let url = "\(Self.origin)/\(id)"
            try old.prepare("INSERT INTO urls(id, url, url_hash, host_id, depth, state, discovered_at) VALUES (?, ?, ?, 1, 0, 2, 0)")
                .run([id, url, URLHash.of(url)])
            try old.prepare("INSERT INTO contents(hash, size, encoding, body, first_seen) VALUES (?, 5, 'warc', NULL, 1)")
                .run([[UInt8(index)]])
            try old.prepare("""
                INSERT INTO captures(id, url_id, url, fetched_at, status, length, content_hash, warc_file, warc_offset, warc_length)
                VALUES (?, ?, ?, 1, 200, 5, ?, 'w.warc.gz', ?, 100)
                """).run([id, id, url, [UInt8(index)], id * 1000])
            try old.prepare("""
                INSERT INTO articles(capture_id, url, title, text, word_count, simhash) VALUES (?, ?, 'Title', 'Old text', 2, ?)
                """).run([id, url, Int64(bitPattern: hash)])
            try old.prepare("INSERT INTO articles_fts(rowid, title, text) VALUES (?, 'Title', 'Old text')").run([id])
            for band in 0..<8 {
                try old.prepare("INSERT INTO article_bands(band, capture_id, simhash) VALUES (?, ?, ?)")
                    .run([band << 8 | Int((hash >> UInt64(band * 8)) & 0xff), id, Int64(bitPattern: hash)])
            }
            try old.prepare("""
                INSERT INTO warc_digests(digest, record_id, target_uri, warc_date, warc_file, warc_offset)
                VALUES (?, '<urn:uuid:x>', ?, '2026-01-01T00:00:00Z', 'w.warc.gz', ?)
                """).run(["sha1:DIGEST\(id)", url, id * 1000])
        }
        let oldBands = try old.prepare("SELECT count(*) FROM article_bands").firstRow { $0.int(0) }
        #expect(oldBands == 16)
        old.close()

        // Upgrade, then record a page whose article is 7 bits (2-2-2-1 over the blocks) from the first.
        let store = try await CrawlStore.open(path: path, logger: CrawlHarness.quietLogger)
        let near = hashes[0] ^ 0x0003_0003_0003_0001
        #expect(SimHash.distance(near, hashes[0]) == 7)
        let entries = try await store.insert([Discovery(url: Self.origin + "/3", origin: Self.origin, depth: 1)], from: nil)
        try #require(entries.count == 1)
        try await store.markInFlight(entries.map(\.id))
        var outcome = PageOutcome(
            entry: entries[0], disposition: .done, capture: Capture(fetchedAt: Date(timeIntervalSince1970: 2), status: 200),
            content: StoredContent(hash: [9], size: 7, encoding: "warc", data: nil), discoveries: [])
        outcome.article = ExtractedArticle(article: Article(title: "Title", text: "New text"), simhash: near)
        _ = try await store.record(outcome)
        let hits = try await store.searchArticles("text", limit: 10)
        await store.close()

        let db = try Database(path: path)
        defer { db.close() }
        #expect(try db.userVersion == Schema.migrator.migrations.count)
        let bands = try db.prepare("SELECT capture_id, band, simhash FROM article_bands ORDER BY capture_id, band")
            .rows { ($0.int64(0), $0.int(1), UInt64(bitPattern: $0.int64(2))) }
        let expected = zip(Int64(1)..., hashes + [near]).flatMap { id, hash in
            NearDuplicateKeys.stored(hash).sorted().map { (id, $0, hash) }
        }
        #expect(bands.map(\.0) == expected.map(\.0) && bands.map(\.1) == expected.map(\.1) && bands.map(\.2) == expected.map(\.2))
        let nearDuplicate = try db.prepare("SELECT near_duplicate_of FROM articles WHERE capture_id = 3").firstRow { $0.optionalInt(0) }
        #expect(nearDuplicate == 1, "the old article is found through the rebuilt index")
        #expect(hits.count == 3, "old articles stay searchable")
        #expect(try db.prepare("SELECT count(*) FROM warc_digests").firstRow { $0.int(0) } == 2)
        #expect(try db.prepare("PRAGMA index_info(warc_digests_file)").rows { $0.string(2) ?? "" } == ["warc_file", "warc_offset"])
        let objects = Set(try db.prepare("SELECT name FROM sqlite_schema").rows { $0.string(0) ?? "" })
        #expect(!objects.contains("articles_url") && !objects.contains("capture_totals_insert") && !objects.contains("article_bands_v17"))
        #expect(objects.isSuperset(of: ["capture_totals_delete", "capture_totals_frozen"]))
        #expect(try db.prepare("PRAGMA foreign_key_check").rows { $0.string(0) }.isEmpty)
        let totals = try db.prepare("SELECT captures, warc_bytes, decoded_bytes, with_body, distinct_bodies FROM capture_totals")
            .rows { [$0.int(0), $0.int(1), $0.int(2), $0.int(3), $0.int(4)] }
        let scanned = try db.prepare("""
            SELECT count(*), coalesce(sum(warc_length), 0), coalesce(sum(length), 0), count(content_hash), count(DISTINCT content_hash)
            FROM captures
            """).rows { [$0.int(0), $0.int(1), $0.int(2), $0.int(3), $0.int(4)] }
        #expect(totals == scanned && scanned.first?.first == 3)
        #expect(try db.prepare("SELECT class, captures FROM capture_classes").rows { "\($0.string(0) ?? "") \($0.int(1))" } == ["2xx 3"])
    }
}
