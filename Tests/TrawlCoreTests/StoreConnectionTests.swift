import Foundation
import Testing
@testable import TrawlCore
import TrawlDB

/// The crawl store's connection settings that the crawl's speed was measured with.
@Suite("Store connection")
struct StoreConnectionTests {
    @Test("the store's connection has an 8 MiB page cache (SQLite's default 2 MiB re-read index leaves with a pread each), creates its file with 8 KiB pages and checkpoints at 5,000 WAL pages (40 MB), or at 500 once the last checkpoint is 2 s old (SQLite's own auto-checkpoint replaced)")
    func connectionSettings() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let cache = try await store.pragma("cache_size")
        let pageSize = try await store.pragma("page_size")
        let autocheckpoint = try await store.pragma("wal_autocheckpoint")
        let rule = await store.checkpointRule()
        await store.close()
        #expect(cache == -8 * 1024, "negative: KiB")
        #expect(pageSize == 8192)
        #expect(rule == Database.CheckpointRule(frames: 5_000, minFrames: 500, interval: .seconds(2)))
        #expect(autocheckpoint == 0, "one WAL hook per connection: the rule's hook replaces SQLite's")
    }

    @Test("an archive created with 4 KiB pages keeps them, with its rows, and checkpoints at the same 40 MB: 10,000 WAL pages, or 1,000 once the last checkpoint is 2 s old")
    func olderPageSize() async throws {
        let harness = try CrawlHarness()
        let older = try Database(path: harness.database)  // SQLite's default page size, as before 8 KiB
        try CrawlStore.upgrade(older, path: harness.database)
        older.close()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        try await store.addSeeds([("http://a.test/", "http://a.test")], source: "cli")
        let pageSize = try await store.pragma("page_size")
        let rule = await store.checkpointRule()
        await store.close()
        #expect(pageSize == 4096)
        #expect(rule == Database.CheckpointRule(frames: 10_000, minFrames: 1_000, interval: .seconds(2)))
        let reopened = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let seeds = try await reopened.seedOrigins()
        let integrity = try await reopened.integrityCheck()
        await reopened.close()
        #expect(seeds == ["http://a.test"])
        #expect(integrity == "ok")
    }
}

extension CrawlStore {
    /// A PRAGMA's value on the store's own connection.
    fileprivate func pragma(_ name: String) throws -> Int? {
        try database.prepare("PRAGMA \(name)").firstRow { $0.int(0) }
    }

    /// The WAL checkpoint rule of the store's own connection.
    fileprivate func checkpointRule() -> Database.CheckpointRule? { database.checkpointRule }
}
