import Foundation
import Testing
@testable import TrawlCore
import TrawlDB

/// Schema v15: the frontier finds a URL by a 64-bit hash of its text (`urls.url_hash`, a plain
/// index) and the text, instead of a UNIQUE index on the text. Two URLs may share a hash; each
/// still gets one row, found by its own text. The upgrade keeps every row.
@Suite("URL hash lookup (v15)")
struct URLHashTests {
    private static let origin = "https://a.example"

    @Test("URLHash is FNV-1a 64 read as a signed integer (the stored format: golden values), and the SQL function the upgrade uses gives the same value")
    func hashIsStableAndMatchesSQL() throws {
        #expect(URLHash.of("") == Int64(bitPattern: 0xcbf2_9ce4_8422_2325))
        #expect(URLHash.of("a") == Int64(bitPattern: 0xaf63_dc4c_8601_ec8c))
        #expect(URLHash.of("foobar") == Int64(bitPattern: 0x8594_4171_f739_67e8))
        let url = Self.origin + "/caf\u{e9}/\u{1F600}?q=1"
        #expect(URLHash.of(url) == URLHash.of(bytes: Array(url.utf8)))
        let folder = try TemporaryFolder()
        let db = try Database(path: folder.file("f.sqlite"))
        defer { db.close() }
        try db.defineFunction(URLHash.sqlFunctionName, URLHash.of)
        let sql = try db.prepare("SELECT \(URLHash.sqlFunctionName)(?), \(URLHash.sqlFunctionName)(NULL) IS NULL")
            .firstRow([url]) { ($0.int64(0), $0.int(1)) }
        #expect(sql?.0 == URLHash.of(url) && sql?.1 == 1)
    }

    @Test("a URL whose hash another URL's row already has is added as its own row; each is found by its own text, and inserting it again (after a restart: no KnownURLs) adds nothing")
    func collidingHashesKeepOneRowPerURL() async throws {
        let harness = try CrawlHarness()
        let wanted = Self.origin + "/wanted"
        let squatter = Self.origin + "/squatter"
        var store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let first = try await store.insert([Discovery(url: Self.origin + "/", origin: Self.origin, depth: 0)], from: nil)
        await store.close()
        // A row holding another URL under the hash of `wanted`: what a real collision looks like.
        let db = try Database(path: harness.database)
        try db.prepare("""
            INSERT INTO urls(url, url_hash, host_id, depth, discovered_at) VALUES (?, ?, ?, 1, 0)
            """).run([squatter, URLHash.of(wanted), try #require(first.first).hostID])
        db.close()

        store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let added = try await store.insert([Discovery(url: wanted, origin: Self.origin, depth: 1)], from: nil)
        #expect(added.map(\.url) == [wanted], "the shared hash did not hide the new URL")
        #expect(try await store.history(of: wanted)?.state == "queued")
        await store.close()
        let rows = try harness.query("SELECT url FROM urls WHERE url_hash = \(URLHash.of(wanted)) ORDER BY id") { $0.string(0) ?? "" }
        #expect(rows == [squatter, wanted])

        store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let again = try await store.insert([Discovery(url: wanted, origin: Self.origin, depth: 1),
                                            Discovery(url: Self.origin + "/", origin: Self.origin, depth: 0)], from: nil)
        #expect(again.isEmpty, "known URLs were inserted again: \(again.map(\.url))")
        await store.close()
        #expect(try harness.query("SELECT count(*) FROM urls WHERE url = '\(wanted)'") { $0.int(0) }.first == 1)
    }

    @Test("the v15 upgrade keeps every urls row, id and column, fills url_hash, leaves no foreign-key violation, drops the text index and the v14 copy; known URLs stay known")
    func upgradeFromV14KeepsRows() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v14.sqlite")
        let old = try Database.migrated(path: path, toVersion: 14)
        try old.execute("INSERT INTO hosts(id, origin, first_seen) VALUES (1, '\(Self.origin)', 0)")
        // A fetched page (with a capture and a revisit schedule), a URL it discovered, a queued revisit.
        try old.execute("""
            INSERT INTO urls(id, url, host_id, depth, state, attempts, discovered_at, last_visit_at, next_visit_at,
                             fingerprint, etag, priority)
                VALUES (5, '\(Self.origin)/', 1, 0, 2, 1, 10, 20, 99, x'0102', '"e1"', 1);
            INSERT INTO urls(id, url, host_id, depth, redirects, discovered_from, discovered_at, last_error)
                VALUES (9, '\(Self.origin)/story', 1, 1, 2, 5, 11, 'HTTP 503');
            INSERT INTO urls(id, url, host_id, depth, state, discovered_at, last_visit_at)
                VALUES (12, '\(Self.origin)/feed', 1, 0, 0, 12, 21);
            INSERT INTO captures(url_id, url, fetched_at, status) VALUES (5, '\(Self.origin)/', 20, 200);
            """)
        let columns = "id, url, host_id, depth, redirects, state, attempts, next_attempt_at, discovered_from, discovered_at, "
            + "last_error, next_visit_at, revisit_interval, last_visit_at, last_changed_at, fingerprint, etag, "
            + "last_modified, failed_visits, revisit_every, priority"
        func snapshot(_ db: Database) throws -> [[SQLValue]] {
            try db.prepare("SELECT \(columns) FROM urls ORDER BY id").rows { row in
                (0..<21).map { row.isNull($0) ? .null : row.blob($0).map { .blob($0) } ?? .null }
            }
        }
        let before = try snapshot(old)
        #expect(try old.userVersion == 14)
        old.close()

        let store = try await CrawlStore.open(path: path, logger: CrawlHarness.quietLogger)
        let added = try await store.insert([
            Discovery(url: Self.origin + "/story", origin: Self.origin, depth: 1),
            Discovery(url: Self.origin + "/new", origin: Self.origin, depth: 1),
        ], from: 5)
        #expect(added.map(\.url) == [Self.origin + "/new"] && (added.first?.id ?? 0) > 12)
        #expect(try await store.history(of: Self.origin + "/")?.visits.count == 1)
        let refill = try await store.queuedURLs(hostID: 1, origin: Self.origin, limit: 10)
        #expect(Set(refill.map(\.url)) == Set(["/story", "/feed", "/new"].map { Self.origin + $0 }), "\(refill.map(\.url))")
        await store.close()

        let db = try Database(path: path)
        defer { db.close() }
        #expect(try db.userVersion == Schema.migrator.migrations.count)
        #expect(try Array(snapshot(db).prefix(3)) == before, "a row or column changed")
        let hashes = try db.prepare("SELECT url, url_hash FROM urls").rows { ($0.string(0) ?? "", $0.int64(1)) }
        #expect(hashes.count == 4 && hashes.allSatisfy { URLHash.of($0.0) == $0.1 })
        #expect(try db.prepare("PRAGMA foreign_key_check").rows { $0.string(0) }.isEmpty)
        let objects = try db.prepare("SELECT name FROM sqlite_schema WHERE tbl_name LIKE 'urls%'").rows { $0.string(0) ?? "" }
        #expect(!objects.contains("urls_v14") && !objects.contains { $0.hasPrefix("sqlite_autoindex_urls") }, "\(objects)")
        #expect(Set(objects).isSuperset(of: ["urls", "urls_host_url", "urls_host_queue", "urls_queued_revisits",
                                             "urls_in_flight", "urls_next_visit"]), "\(objects)")
    }
}
