import Foundation
import Testing
@testable import TrawlCore
import TrawlDB

/// Schema v16: the frontier's URL lookup index is keyed by host, then hash
/// (`urls_host_url (host_id, url_hash)`), so a batch's new URLs dirty their hosts' stretches of
/// the index instead of a random page each. The upgrade only swaps the index: every row stays,
/// and every URL (one sharing another's hash too) is still found, and never inserted twice.
@Suite("URL lookup index by host (v16)")
struct HostURLIndexTests {
    private static let a = "https://a.example"
    private static let b = "http://b.example:8080"

    @Test("the v16 upgrade keeps every urls row and column, replaces urls_url_hash by urls_host_url; known URLs (two sharing a hash, on two hosts) are not inserted again and each is found by its own text")
    func upgradeFromV15KeepsRowsAndLookups() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v15.sqlite")
        let old = try Database.migrated(path: path, toVersion: 15)
        // Two hosts; on host 1 a row squatting on the hash of /wanted (a real collision) and /wanted itself.
        try old.execute("""
            INSERT INTO hosts(id, origin, first_seen) VALUES (1, '\(Self.a)', 0), (2, '\(Self.b)', 0);
            INSERT INTO urls(id, url, url_hash, host_id, depth, state, attempts, discovered_at, last_visit_at, priority)
                VALUES (3, '\(Self.a)/', trawl_url_hash('\(Self.a)/'), 1, 0, 2, 1, 10, 20, 1);
            INSERT INTO urls(id, url, url_hash, host_id, depth, discovered_from, discovered_at)
                VALUES (4, '\(Self.a)/squatter', trawl_url_hash('\(Self.a)/wanted'), 1, 1, 3, 11),
                       (7, '\(Self.a)/wanted', trawl_url_hash('\(Self.a)/wanted'), 1, 1, 3, 11),
                       (8, '\(Self.b)/', trawl_url_hash('\(Self.b)/'), 2, 0, NULL, 12);
            """)
        func snapshot(_ db: Database) throws -> [[SQLValue]] {
            try db.prepare("SELECT * FROM urls ORDER BY id").rows { row in
                (0..<22).map { row.isNull($0) ? .null : row.blob($0).map { .blob($0) } ?? .null }
            }
        }
        let before = try snapshot(old)
        #expect(try old.userVersion == 15 && before.count == 4)
        old.close()

        let store = try await CrawlStore.open(path: path, logger: CrawlHarness.quietLogger)
        // (Not /squatter: its row holds another URL's hash, so only that URL's lookups meet it.)
        let known = ["/", "/wanted"].map { Discovery(url: Self.a + $0, origin: Self.a, depth: 1) }
            + [Discovery(url: Self.b + "/", origin: Self.b, depth: 1)]
        let again = try await store.insert(known, from: nil)
        #expect(again.isEmpty, "known URLs were inserted again: \(again.map(\.url))")
        let added = try await store.insert([Discovery(url: Self.b + "/new", origin: Self.b, depth: 1)], from: 8)
        #expect(added.map(\.url) == [Self.b + "/new"] && added.first?.hostID == 2 && (added.first?.id ?? 0) > 8)
        #expect(try await store.history(of: Self.a + "/wanted")?.state == "queued")
        #expect(try await store.history(of: Self.a + "/")?.state == "done")
        #expect(try await store.history(of: Self.b + "/new")?.state == "queued")
        #expect(try await store.history(of: Self.a + "/new") == nil, "a URL of another host was found")
        await store.close()

        let db = try Database(path: path)
        defer { db.close() }
        #expect(try db.userVersion == Schema.migrator.migrations.count)
        #expect(try Array(snapshot(db).prefix(4)) == before, "a row or column changed")
        #expect(try db.prepare("SELECT count(*) FROM urls").firstRow { $0.int(0) } == 5)
        let indexes = try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'urls'")
            .rows { $0.string(0) ?? "" }
        #expect(indexes.contains("urls_host_url") && !indexes.contains("urls_url_hash"), "\(indexes)")
    }

    @Test("two hosts' URLs with the same path are two rows, and after a restart (no KnownURLs) each is found under its own host: none is inserted again")
    func lookupIsPerHost() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let first = try await store.insert([Discovery(url: Self.a + "/x", origin: Self.a, depth: 0),
                                            Discovery(url: Self.b + "/x", origin: Self.b, depth: 0)], from: nil)
        #expect(Set(first.map(\.hostID)).count == 2 && first.count == 2)
        await store.close()
        // After a restart (no KnownURLs), both are found under their hosts.
        let reopened = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let again = try await reopened.insert([Discovery(url: Self.b + "/x", origin: Self.b, depth: 0),
                                               Discovery(url: Self.a + "/x", origin: Self.a, depth: 0)], from: nil)
        #expect(again.isEmpty, "\(again.map(\.url))")
        await reopened.close()
        #expect(try harness.query("SELECT count(*) FROM urls") { $0.int(0) }.first == 2)
    }
}
