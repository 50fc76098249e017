import Foundation
import Testing
@testable import TrawlCore
import TrawlDB

/// The crawl store's connection settings that the crawl's speed was measured with.
@Suite("Store connection")
struct StoreConnectionTests {
    @Test("the store's connection has an 8 MiB page cache (SQLite's default 2 MiB re-read index leaves with a pread each) and checkpoints at 10,000 WAL pages, or at 1,000 once the last checkpoint is 2 s old (SQLite's own auto-checkpoint replaced)")
    func connectionSettings() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let cache = try await store.pragma("cache_size")
        let autocheckpoint = try await store.pragma("wal_autocheckpoint")
        let rule = await store.checkpointRule()
        await store.close()
        #expect(cache == -8 * 1024, "negative: KiB")
        #expect(rule == Database.CheckpointRule(frames: 10_000, minFrames: 1_000, interval: .seconds(2)))
        #expect(autocheckpoint == 0, "one WAL hook per connection: the rule's hook replaces SQLite's")
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
